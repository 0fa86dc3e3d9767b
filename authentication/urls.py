from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from web.ratelimit import rate_limited

from . import views
from .forms import LoginForm

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="authentication/login.html",
            redirect_authenticated_user=True,
            authentication_form=LoginForm,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views.signup, name="signup"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="authentication/password_change.html"
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="authentication/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        login_not_required(
            # Each POST sends an email: limited, so nobody floods an inbox.
            rate_limited("password_reset")(
                auth_views.PasswordResetView.as_view(
                    template_name="authentication/password_reset.html",
                    email_template_name="authentication/password_reset_email.txt",
                    subject_template_name="authentication/password_reset_subject.txt",
                )
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        login_not_required(
            auth_views.PasswordResetDoneView.as_view(
                template_name="authentication/password_reset_sent.html"
            )
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        login_not_required(
            auth_views.PasswordResetConfirmView.as_view(
                template_name="authentication/password_reset_confirm.html"
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        login_not_required(
            auth_views.PasswordResetCompleteView.as_view(
                template_name="authentication/password_reset_complete.html"
            )
        ),
        name="password_reset_complete",
    ),
    path("profile/", views.edit_profile, name="edit_profile"),
    path("profile/photo/", views.upload_profile_photo, name="upload_profile_photo"),
    path("follow/", views.follow_users, name="follow_users"),
    path("feeds/", views.feed_links, name="feed_links"),
    path("creators/", views.creator_list, name="creator_list"),
    path("creators/<str:username>/follow/", views.user_follow, name="user_follow"),
    path("account/privacy/", views.account_privacy, name="account_privacy"),
    path("follow-requests/", views.follow_requests, name="follow_requests"),
    path(
        "follow-requests/<int:follow_request_id>/approve/",
        views.follow_request_decide,
        {"approve": True},
        name="follow_request_approve",
    ),
    path(
        "follow-requests/<int:follow_request_id>/refuse/",
        views.follow_request_decide,
        {"approve": False},
        name="follow_request_refuse",
    ),
    path(
        "followers/<str:username>/remove/",
        views.follower_remove,
        name="follower_remove",
    ),
    path("members/<str:username>/block/", views.user_block, name="user_block"),
]
