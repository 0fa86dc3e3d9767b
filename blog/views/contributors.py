"""The owner chooses a blog's co-authors and their contribution notes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blog import services
from blog.forms import CoauthorForm, ContributionForm
from web.request_data import submitted

from .guards import blog_or_deny

MANAGE = "blog.manage_blog"


@require_http_methods(["GET", "POST"])
def blog_contributors(request, blog_id):
    blog = blog_or_deny(request, blog_id, MANAGE)
    form = CoauthorForm(**submitted(request), blog=blog)
    if form.is_valid():
        coauthor = form.cleaned_data["username"]
        services.add_coauthor(
            blog=blog, coauthor=coauthor, contribution=form.cleaned_data["contribution"]
        )
        messages.success(
            request, _("%(name)s is now a co-author.") % {"name": coauthor.username}
        )
        return redirect("blog_contributors", blog.pk)
    contributions = [
        (row, ContributionForm(instance=row, prefix=f"c{row.pk}"))
        for row in blog.blogcontributor_set.all()
    ]
    context = {"blog": blog, "form": form, "contributions": contributions}
    return render(request, "blog/blog_contributors.html", context)


@require_POST
def blog_contributor_edit(request, blog_id, contribution_id):
    blog = blog_or_deny(request, blog_id, MANAGE)
    row = get_object_or_404(blog.blogcontributor_set, pk=contribution_id)
    form = ContributionForm(request.POST, instance=row, prefix=f"c{row.pk}")
    if form.is_valid():
        services.edit_contribution(
            contribution=row, note=form.cleaned_data["contribution"]
        )
        messages.success(request, _("The contribution note is saved."))
    else:
        messages.error(request, " ".join(form.errors.get("contribution", [])))
    return redirect("blog_contributors", blog.pk)


@require_POST
def blog_contributor_remove(request, blog_id, contribution_id):
    blog = blog_or_deny(request, blog_id, MANAGE)
    row = get_object_or_404(blog.blogcontributor_set, pk=contribution_id)
    try:
        services.remove_coauthor(contribution=row)
    except services.OwnerRemovalRefused:
        messages.error(request, _("The owner cannot be removed from the authors."))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a co-author.") % {"name": row.contributor},
        )
    return redirect("blog_contributors", blog.pk)
