"""Sign-up, profile photo, creators and follows; login and passwords: Django's."""

import contextlib

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from web.body_limits import accepts_uploads
from web.ratelimit import rate_limited
from web.request_data import safe_next, submitted

from . import services
from .forms import FollowUsersForm, ProfilePhotoForm, SignupForm
from .models import User

CREATORS_PER_PAGE = 24


def creator_detail_url(creator: User) -> str:
    return reverse("creator_detail", args=[creator.username])


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(**submitted(request))
    if form.is_valid():
        user = services.sign_up(
            **{field: form.cleaned_data[field] for field in SignupForm.Meta.fields},
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend="authentication.backends.OneQueryModelBackend")
        messages.success(request, _("Welcome to fotoblog, %(name)s!") % {"name": user})
        if hasattr(user, "creator_request"):
            messages.info(
                request,
                _(
                    "Your request to become a creator is waiting for staff approval. "
                    "Meanwhile you can follow creators and read their work."
                ),
            )
        return redirect("home")
    return render(request, "authentication/signup.html", {"form": form})


@accepts_uploads
@require_http_methods(["GET", "POST"])
@rate_limited("upload")
def upload_profile_photo(request):
    form = ProfilePhotoForm(**submitted(request))
    if form.is_valid():
        services.set_profile_photo(
            user=request.user, picture=form.cleaned_data["profile_photo"]
        )
        messages.success(request, _("Your profile photo is updated."))
        return redirect("home")
    return render(request, "authentication/upload_profile_photo.html", {"form": form})


@require_http_methods(["GET", "POST"])
@rate_limited("follow")
def follow_users(request):
    form = FollowUsersForm(**submitted(request), instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your follows are updated."))
        return redirect("home")
    return render(request, "authentication/follow_users.html", {"form": form})


@require_http_methods(["GET"])
def creator_list(request):
    query = request.GET.get("q", "").strip()[:100]
    creators = User.objects.creators_for(request.user, search=query)
    page = Paginator(creators, CREATORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    return render(request, "authentication/creator_list.html", context)


@require_POST
@rate_limited("follow")
def user_follow(request, username):
    follow = request.POST.get("follow") == "1"
    people = (
        User.objects.followable_by(request.user)
        if follow
        else User.objects.followable_or_followed_by(request.user)
    )
    creator = get_object_or_404(people, username=username)
    if follow:
        # A double click sends two follows at once: the second finds the first done.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            request.user.follows.add(creator)
    else:
        request.user.follows.remove(creator)
    if request.htmx:  # swap the button in place
        creator = User.objects.with_follows_seen_by(request.user).get(pk=creator.pk)
        context = {"creator": creator}
        return render(request, "authentication/includes/follow_button.html", context)
    return HttpResponseRedirect(safe_next(request) or creator_detail_url(creator))


@require_http_methods(["GET", "POST"])
def feed_links(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            request.user.revoke_feed_token()
            messages.success(request, _("Your feed links are turned off."))
        else:
            request.user.renew_feed_token()
            messages.success(request, _("Your new feed links are ready."))
        return redirect("feed_links")
    return render(request, "authentication/feed_links.html")
