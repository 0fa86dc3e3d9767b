"""Views for photos and blogs, one module per entity; each reads guard, fetch, act."""

from .blogs import (
    blog_and_photo_upload,
    blog_delete,
    blog_publish,
    blog_visibility,
    edit_blog,
    my_blogs,
    view_blog,
)
from .contributors import (
    blog_contributor_edit,
    blog_contributor_remove,
    blog_contributors,
)
from .creators import creator_detail
from .feed_pages import home, photo_feed
from .media import feed_media
from .moderation import blog_hide, blog_star, photo_hide
from .photo_page import photo_detail
from .photos import (
    create_multiple_photos,
    photo_delete,
    photo_edit,
    photo_status,
    photo_upload,
    photo_visibility,
)
from .share_links import (
    my_share_links,
    open_share_link,
    share_link_revoke,
    share_links,
    shared_media,
)

__all__ = [
    "blog_and_photo_upload",
    "blog_contributor_edit",
    "blog_contributor_remove",
    "blog_contributors",
    "blog_delete",
    "blog_hide",
    "blog_publish",
    "blog_star",
    "blog_visibility",
    "create_multiple_photos",
    "creator_detail",
    "edit_blog",
    "feed_media",
    "home",
    "my_blogs",
    "my_share_links",
    "open_share_link",
    "photo_delete",
    "photo_detail",
    "photo_edit",
    "photo_feed",
    "photo_hide",
    "photo_status",
    "photo_upload",
    "photo_visibility",
    "share_link_revoke",
    "share_links",
    "shared_media",
    "view_blog",
]
