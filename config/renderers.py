"""The browsable API without forms.

DRF's browsable API draws an HTML form for POST / PUT and a filter form, each listing the choices
of every related field from the serializer's own queryset (``ServiceRequest.objects.all()`` and
the like): every organisation's request numbers, whatever the user may see. The pages keep the
data (already scoped by the view's queryset) and the raw JSON box; the forms are not rendered.
"""

from rest_framework.renderers import BrowsableAPIRenderer


class BrowsableAPIWithoutForms(BrowsableAPIRenderer):
    def get_rendered_html_form(self, data, view, method, request):
        return None

    def get_filter_form(self, data, view, request):
        return None
