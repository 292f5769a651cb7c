from django.contrib.admin.apps import AdminConfig


class ComplianceAdminConfig(AdminConfig):
    default_site = "registries.security.ComplianceAdminSite"
