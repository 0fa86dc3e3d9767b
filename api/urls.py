"""The API's addresses: /api/v1/ for its resources, /api/schema/ for its OpenAPI
description, /api/docs/ for the reference page."""

from django.urls import include, path

from .views import account, creators, feeds, photos, posts, reference

app_name = "api"

v1 = [
    path("me/", account.Me.as_view(), name="me"),
    path("me/feeds/", account.FeedLinks.as_view(), name="feed_links"),
    path("feed/", feeds.HomeFeed.as_view(), name="feed"),
    path("photos/", photos.Photos.as_view(), name="photos"),
    path("photos/<int:pk>/", photos.PhotoDetail.as_view(), name="photo_detail"),
    path(
        "photos/<int:pk>/visibility/",
        photos.PhotoVisibility.as_view(),
        name="photo_visibility",
    ),
    path("photos/<int:pk>/hide/", photos.PhotoHide.as_view(), name="photo_hide"),
    path("posts/", posts.MyPosts.as_view(), name="posts"),
    path("posts/<int:pk>/", posts.PostDetail.as_view(), name="post_detail"),
    path("posts/<int:pk>/publish/", posts.PostPublish.as_view(), name="post_publish"),
    path(
        "posts/<int:pk>/visibility/",
        posts.PostVisibility.as_view(),
        name="post_visibility",
    ),
    path("posts/<int:pk>/star/", posts.PostStar.as_view(), name="post_star"),
    path("posts/<int:pk>/hide/", posts.PostHide.as_view(), name="post_hide"),
    path(
        "posts/<int:pk>/coauthors/",
        posts.PostCoauthors.as_view(),
        name="post_coauthors",
    ),
    path(
        "posts/<int:pk>/coauthors/<int:coauthor_id>/",
        posts.PostCoauthor.as_view(),
        name="post_coauthor",
    ),
    path("creators/", creators.Creators.as_view(), name="creators"),
    path(
        "creators/<str:username>/",
        creators.CreatorDetail.as_view(),
        name="creator_detail",
    ),
    path(
        "creators/<str:username>/photos/",
        creators.CreatorPhotos.as_view(),
        name="creator_photos",
    ),
    path(
        "creators/<str:username>/posts/",
        creators.CreatorPosts.as_view(),
        name="creator_posts",
    ),
    path(
        "creators/<str:username>/follow/",
        creators.CreatorFollow.as_view(),
        name="creator_follow",
    ),
    path(
        "members/<str:username>/block/",
        creators.MemberBlock.as_view(),
        name="member_block",
    ),
    path(
        "follow-requests/",
        creators.FollowRequests.as_view(),
        name="follow_requests",
    ),
    path(
        "follow-requests/<int:pk>/",
        creators.FollowRequestDecision.as_view(),
        name="follow_request",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", reference.Schema.as_view(), name="schema"),
    path("docs/", reference.reference_page, name="docs"),
]
