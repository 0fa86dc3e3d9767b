"""Sign-up, profile photo and follows; login, logout and password come from Django."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required, login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from fotoblog.forms import submitted
from fotoblog.ratelimit import rate_limited

from . import services
from .forms import FollowUsersForm, ProfilePhotoForm, SignupForm


@login_not_required
@require_http_methods(["GET", "POST"])
@rate_limited("signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(**submitted(request))
    if form.is_valid():
        user = services.sign_up(form=form)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
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


@login_required
@require_http_methods(["GET", "POST"])
def upload_profile_photo(request):
    form = ProfilePhotoForm(**submitted(request))
    if form.is_valid():
        services.set_profile_photo(
            user=request.user, picture=form.cleaned_data["profile_photo"]
        )
        messages.success(request, _("Your profile photo is updated."))
        return redirect("home")
    return render(request, "authentication/upload_profile_photo.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited("follow")
def follow_users(request):
    form = FollowUsersForm(**submitted(request), instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your follows are updated."))
        return redirect("home")
    return render(request, "authentication/follow_users.html", {"form": form})
