from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.http import require_GET

from . import atom, views

urlpatterns = [
    # Public: the secret token in the link stands for the reader's login.
    path(
        "feeds/<str:token>/home.atom",
        login_not_required(require_GET(atom.HomeFeed())),
        name="home_atom",
    ),
    path(
        "feeds/<str:token>/creators/<str:username>.atom",
        login_not_required(require_GET(atom.CreatorFeed())),
        name="creator_atom",
    ),
    path("feeds/<str:token>/media/<path:path>", views.feed_media, name="feed_media"),
    path("feeds/media/<path:path>", views.feed_media, name="public_feed_media"),
    path(
        "creators/<str:username>/feed.atom",
        login_not_required(require_GET(atom.PublicCreatorFeed())),
        name="creator_public_atom",
    ),
    # Public: the secret token in the link opens one post, and its photo.
    path("s/<str:token>/", views.open_share_link, name="open_share_link"),
    path("s/<str:token>/media/<path:path>", views.shared_media, name="shared_media"),
    path("", views.home, name="home"),
    # Open to visitors: they see what anyone may see, and are asked to log in for
    # the rest.
    path(
        "creators/<str:username>/",
        login_not_required(views.creator_detail),
        name="creator_detail",
    ),
    path("photos/", views.photo_feed, name="photo_feed"),
    path(
        "photos/<int:photo_id>/",
        login_not_required(views.photo_detail),
        name="photo_detail",
    ),
    path("photo/upload/", views.photo_upload, name="photo_upload"),
    path(
        "photo/upload-multiple/",
        views.create_multiple_photos,
        name="create_multiple_photos",
    ),
    path("photo/<int:photo_id>/status/", views.photo_status, name="photo_status"),
    path("photo/<int:photo_id>/edit/", views.photo_edit, name="photo_edit"),
    path("photo/<int:photo_id>/delete/", views.photo_delete, name="photo_delete"),
    path("photo/<int:photo_id>/hide/", views.photo_hide, name="photo_hide"),
    path(
        "photo/<int:photo_id>/visibility/",
        views.photo_visibility,
        name="photo_visibility",
    ),
    path("blog/create/", views.blog_and_photo_upload, name="blog_and_photo_upload"),
    path("blogs/mine/", views.my_blogs, name="my_blogs"),
    path("shares/", views.my_share_links, name="my_share_links"),
    path("blog/<int:blog_id>/", login_not_required(views.view_blog), name="view_blog"),
    path(
        "blog/<int:blog_id>/visibility/", views.blog_visibility, name="blog_visibility"
    ),
    path("blog/<int:blog_id>/edit/", views.edit_blog, name="edit_blog"),
    path("blog/<int:blog_id>/delete/", views.blog_delete, name="blog_delete"),
    path("blog/<int:blog_id>/publish/", views.blog_publish, name="blog_publish"),
    path("blog/<int:blog_id>/star/", views.blog_star, name="blog_star"),
    path("blog/<int:blog_id>/hide/", views.blog_hide, name="blog_hide"),
    path(
        "blog/<int:blog_id>/contributors/",
        views.blog_contributors,
        name="blog_contributors",
    ),
    path(
        "blog/<int:blog_id>/contributors/<int:contribution_id>/",
        views.blog_contributor_edit,
        name="blog_contributor_edit",
    ),
    path(
        "blog/<int:blog_id>/contributors/<int:contribution_id>/remove/",
        views.blog_contributor_remove,
        name="blog_contributor_remove",
    ),
    path("blog/<int:blog_id>/share/", views.share_links, name="share_links"),
    path(
        "blog/<int:blog_id>/share/<int:link_id>/revoke/",
        views.share_link_revoke,
        name="share_link_revoke",
    ),
]
