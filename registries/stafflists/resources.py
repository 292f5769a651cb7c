"""django-import-export resources: export of staff lists (XLSX / CSV) with the headers of
Appendix 1, which the importer recognises again (the import itself is
``services.importing``; ``benchmarks/staff_import.py`` compares it with the library's default
import). Every exported cell goes through
``registries.spreadsheets.escape_formula``: a name typed as ``=HYPERLINK(...)`` is exported as
text, never as a live formula."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from registries.spreadsheets import escape_formula

from .models import StaffListEntry


class FormulaSafeResource(resources.ModelResource):
    """A resource whose exported cells cannot run as spreadsheet formulas (CSV and XLSX alike;
    django-import-export's own IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT strips only a leading
    ``=``)."""

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


class StaffListEntryResource(FormulaSafeResource):
    row_number = fields.Field(attribute="row_number", column_name=_("No."))
    full_name = fields.Field(attribute="full_name", column_name=_("Full name"))
    email = fields.Field(attribute="email", column_name=_("Work e-mail"))
    phone = fields.Field(attribute="phone", column_name=_("Mobile phone"))
    position = fields.Field(attribute="position", column_name=_("Position"))
    subordinate_name = fields.Field(attribute="subordinate_name", column_name=_("Subordinate organisation"))
    organisation = fields.Field(column_name=_("State body"), readonly=True)
    half_year = fields.Field(column_name=_("Half-year"), readonly=True)

    class Meta:
        model = StaffListEntry
        fields = ("row_number", "full_name", "email", "phone", "position", "subordinate_name", "organisation", "half_year")
        export_order = fields
        import_id_fields = ("email",)

    def get_export_headers(self, selected_fields=None):
        return [str(header) for header in super().get_export_headers(selected_fields)]

    def dehydrate_organisation(self, entry):
        return entry.staff_list.organisation.name_kk

    def dehydrate_half_year(self, entry):
        return entry.staff_list.half_year

