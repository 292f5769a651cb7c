"""The inbox pages in the admin: the list, opening a notice (marks it read, goes to the case),
mark read / mark all read (POST) and the e-mail preference. Every notice is looked up in the
reader's organisation's notices: someone else's is a 404."""

from django import forms
from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.monitoring.reminders import admin_path_of

from . import selectors, services
from .models import InboxPreference

PAGE_SIZE = 50


def _context(request, title, **extra):
    return {**admin.site.each_context(request), "title": title, **extra}


def _back(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def inbox_list(request):
    notices = selectors.inbox_page(request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        notices = notices.filter(is_read=False)
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "notice": notice,
            "case": notice.case,
            "procedure": selectors.procedure_of(notice),
            "what": selectors.what_happened(notice),
            # the term is still open and its due time has passed
            "overdue": bool(
                notice.due and notice.due < now and (notice.deadline is None or notice.deadline.met_at is None)
            ),
        }
        for notice in page
    ]
    return TemplateResponse(
        request,
        "inbox/list.html",
        _context(
            request,
            _("Inbox"),
            rows=rows,
            page=page,
            only_unread=only_unread,
            unread=selectors.unread_count(request.user),
            has_organisation=selectors.unread_count(request.user) is not None,
        ),
    )


def open_notice(request, pk):
    notice = get_object_or_404(selectors.notices_for(request.user).select_related("content_type"), pk=pk)
    services.mark_read(notice=notice, user=request.user)
    path = admin_path_of(notice.content_type, notice.object_id)
    if not path:
        raise Http404
    return HttpResponseRedirect(path)


def mark_read(request, pk):
    if request.method != "POST":
        return redirect("inbox:list")
    notice = get_object_or_404(selectors.notices_for(request.user), pk=pk)
    services.mark_read(notice=notice, user=request.user)
    return HttpResponseRedirect(_back(request, reverse("inbox:list")))


def mark_all_read(request):
    if request.method == "POST":
        services.mark_all_read(user=request.user)
        messages.success(request, _("Every notice is marked read."))
    return HttpResponseRedirect(_back(request, reverse("inbox:list")))


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = InboxPreference
        fields = ["email"]
        labels = {"email": gettext_lazy("Send me e-mails about new notices")}


def preferences(request):
    instance = InboxPreference.objects.filter(user=request.user).first() or InboxPreference(user=request.user)
    # an unticked box sends nothing: a POST is bound even when its data are empty
    form = PreferenceForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.set_email_preference(user=request.user, email=form.cleaned_data["email"])
        messages.success(request, _("Your inbox preferences are saved."))
        return redirect("inbox:preferences")
    return TemplateResponse(
        request,
        "inbox/preferences.html",
        _context(request, _("Inbox preferences"), form=form, has_email=bool(request.user.email)),
    )
