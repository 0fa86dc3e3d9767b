"""Sign-up, profile, creators, follows, privacy and blocks; login and passwords:
Django's."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from web.body_limits import accepts_uploads
from web.language import elided
from web.ratelimit import rate_limited
from web.request_data import safe_next, submitted

from . import services
from .forms import PrivacyForm, ProfilePhotoForm, SignupForm
from .models import Block, FollowRequest, User, UserFollows
from .profile import ProfileForm

CREATORS_PER_PAGE = 24
ALREADY_DECIDED = gettext_lazy("This request was already decided.")
# How many recent photos Discover shows of each creator.
RECENT_PHOTOS_SHOWN = 4
# How many decided follow requests the owner sees, newest first.
DECIDED_SHOWN = 10


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
        return redirect("edit_profile")
    return render(request, "authentication/upload_profile_photo.html", {"form": form})


@require_http_methods(["GET", "POST"])
def edit_profile(request):
    # A copy: a refused form must not change the names the header shows.
    profile = User.objects.get(pk=request.user.pk)
    form = ProfileForm(**submitted(request), instance=profile)
    if form.is_valid():
        # Only the form's columns: a feed token renewed meanwhile stays renewed.
        form.save(commit=False).save(update_fields=ProfileForm.Meta.fields)
        messages.success(request, _("Your profile is saved."))
        return redirect(own_page(request.user) or "home")
    context = {"form": form, "own_page": own_page(request.user)}
    return render(request, "authentication/edit_profile.html", context)


def own_page(user: User) -> str:
    """The user's page, for a creator; nothing for a subscriber, who has none."""
    return creator_detail_url(user) if user.is_creator else ""


@require_http_methods(["GET"])
def follow_users(request):
    """The old "Follow creators" page: Discover is where one follows creators now."""
    return redirect("creator_list", permanent=True)


@require_http_methods(["GET"])
def creator_list(request):
    query = request.GET.get("q", "").strip()[:100]
    creators = User.objects.creators_for(
        request.user, search=query
    ).with_recent_photos_seen_by(request.user, RECENT_PHOTOS_SHOWN)
    page = Paginator(creators, CREATORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query}
    return render(request, "authentication/creator_list.html", context)


@require_POST
@rate_limited("follow")
def user_follow(request, username):
    follow = request.POST.get("follow") == "1"
    people = User.objects.to_follow_or_not(request.user, follow)
    creator = get_object_or_404(people, username=username)
    services.set_following(user=request.user, creator=creator, follow=follow)
    if request.htmx:  # swap the button in place
        creator = User.objects.with_follows_seen_by(request.user).get(pk=creator.pk)
        creator.is_requested = pending_requests(request.user, creator).exists()
        context = {"creator": creator}
        return render(request, "authentication/includes/follow_button.html", context)
    return HttpResponseRedirect(safe_next(request) or creator_detail_url(creator))


def pending_requests(user: User, creator: User) -> QuerySet:
    """`user`'s pending request to follow `creator`, as a QuerySet."""
    return FollowRequest.objects.filter(
        user=user, followed=creator, status=FollowRequest.Status.PENDING
    )


@require_http_methods(["GET", "POST"])
def account_privacy(request):
    user = request.user
    form = PrivacyForm(**submitted(request), is_private=user.is_private)
    if form.is_valid():
        private, choices = form.cleaned_data["is_private"], form.cleaned_data
        services.set_private(
            user=user,
            private=private,
            remove_followers=choices.get("followers") == PrivacyForm.REMOVE,
            restrict_posts=choices.get("restrict_posts", False),
        )
        if private and choices.get("restrict_posts"):
            messages.success(
                request,
                _(
                    "Your account is private. Your Public and Members posts and "
                    "photos are now for your followers only."
                ),
            )
        elif private:
            messages.success(request, _("Your account is private."))
        else:
            messages.success(request, _("Your account is open."))
        return redirect("account_privacy")
    return render(request, "authentication/account_privacy.html", {"form": form})


@require_http_methods(["GET"])
def follow_requests(request):
    user = request.user
    requests = FollowRequest.objects.addressed_to(user)
    pending = FollowRequest.Status.PENDING
    follower_ids = UserFollows.objects.filter(followed=user).values("user")
    context = {
        "pending": requests.pending(),
        "decided": requests.exclude(status=pending).order_by("-date_decided", "-id")[
            :DECIDED_SHOWN
        ],
        "followers": User.objects.filter(pk__in=follower_ids).order_by("username"),
        "blocks": Block.objects.filter(blocker=user)
        .select_related("blocked")
        .order_by("blocked__username"),
    }
    return render(request, "authentication/follow_requests.html", context)


@require_POST
@rate_limited("follow")
def follow_request_decide(request, follow_request_id, approve):
    follow_request = get_object_or_404(
        FollowRequest.objects.addressed_to(request.user), pk=follow_request_id
    )
    if follow_request.status != FollowRequest.Status.PENDING:
        messages.info(request, ALREADY_DECIDED)
        return redirect("follow_requests")
    try:
        services.decide_follow_request(follow_request=follow_request, approve=approve)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("follow_requests")
    name = {"name": follow_request.user.get_username()}
    if approve:
        messages.success(request, _("%(name)s now follows you.") % name)
    else:
        messages.success(request, elided(_("You refused %(name)s's request.") % name))
    return redirect("follow_requests")


@require_POST
@rate_limited("follow")
def follower_remove(request, username):
    follower_ids = UserFollows.objects.filter(followed=request.user).values("user")
    follower = get_object_or_404(User, pk__in=follower_ids, username=username)
    services.remove_follower(user=request.user, follower=follower)
    messages.success(
        request,
        _("%(name)s no longer follows you.") % {"name": follower.get_username()},
    )
    return redirect("follow_requests")


@require_POST
@rate_limited("follow")
def user_block(request, username):
    # blockable_by is the twin of the rule authentication.block_user.
    other = get_object_or_404(
        User.objects.blockable_by(request.user), username=username
    )
    name = {"name": other.get_username()}
    if request.POST.get("block") == "1":
        services.block(blocker=request.user, blocked=other)
        messages.success(request, _("You blocked %(name)s.") % name)
    else:
        services.unblock(blocker=request.user, blocked=other)
        messages.success(request, _("You unblocked %(name)s.") % name)
    return HttpResponseRedirect(safe_next(request) or reverse("follow_requests"))


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
