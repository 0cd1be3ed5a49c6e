"""Where each HTCDS field goes (typed column, vault or extra) and who reads or writes which group.

Declared as data, as Primero declares form sections and role permissions: a field group is a list
of fields; a role reads or writes whole groups. docs/adr/0005-case-field-groups.md explains it.
"""

from __future__ import annotations

from palermo.accounts.models import Role

# Direct identifiers (HTCDS names): encrypted in the vault, never in a plain column or an export.
# Free-text fields are here too: an agency's notes name people and places.
IDENTIFIER_FIELDS: tuple[str, ...] = (
    "prs_Salutation",
    "prs_Title",
    "prs_FirstName",
    "prs_MiddleName",
    "prs_SecondName",
    "prs_Birthdate",
    "prs_IdentityNumber",
    "prs_Email",
    "prs_HomePhone",
    "prs_MobilePhone",
    "prs_MailingStreet",
    "prs_MailingCity",
    "prs_MailingState",
    "prs_MailingPostalCode",
    "prs_MailingLongitude",
    "prs_MailingLatitude",
    "hte_Street",
    "hte_City",
    "hte_PostalCode",
    "hte_Longitude",
    "hte_Latitude",
    "hte_Description",
    "vic_DetailsOfVulnerabilities",
    "vic_LocationOfRecruitment",
    "cco_CaseComment",
    "cas_IncomingReferralDetails",
    "cas_OutgoingReferralDetails",
    "cas_ReasonForCaseClosure",
    "per_RoleDetails",
    "spl_Objectives",
    "spl_ActionPlan",
)
# Columns of the synthetic agency files and common layouts that name the source's record id.
RECORD_ID_COLUMNS = ("record_id", "case_id", "ext_RecordId")

# HTCDS field -> typed column of CaseRecord (the published and statistical variables).
TYPED_COLUMNS: dict[str, str] = {
    "prs_Gender": "gender",
    "ext_AgeBand": "age_band",
    "ext_MajorityStatus": "majority",
    "prs_Citizenship": "citizenship_all",
    "ext_CitizenshipRegion": "citizenship_region",
    "vic_LocationOfExploitation": "exploitation_country",
    "ext_ExploitationRegion": "exploitation_region",
    "ext_YearOfRegistration": "year_text",
    "vic_TypeOfExploitation": "exploitation_types",
    "vic_ForcedLabourIndustry": "labour_sectors",
    "vic_TypeOfSexExploitation": "sex_exploitation_types",
    "vic_MethodsOfControl": "means_of_control",
    "vic_MethodOfRecruitment": "recruitment",
    "vic_RelationshipToTrafficker": "trafficker_relation",
    "vic_TraffickingStatus": "trafficking_status",
    "cas_Status": "status",
}

# Field groups: name -> fields (typed columns by their column name, others by HTCDS name).
GROUPS: dict[str, tuple[str, ...]] = {
    "identity": IDENTIFIER_FIELDS,
    "profile": ("gender", "age_band", "majority", "citizenship_all", "citizenship_region"),
    "exploitation": (
        "exploitation_types",
        "labour_sectors",
        "sex_exploitation_types",
        "exploitation_country",
        "exploitation_region",
        "means_of_control",
        "recruitment",
        "trafficker_relation",
        "trafficking_status",
        "year_text",
    ),
    "case": ("status", "extra"),
    "services": ("services", "referrals", "exploitations"),
}
PSEUDONYMOUS = ("profile", "exploitation", "case", "services")

# Role -> groups it may read / write on the cases in its scope (queries.cases_visible_to).
READ: dict[str, frozenset[str]] = {
    Role.CASE_WORKER: frozenset(GROUPS),
    Role.NATIONAL_FOCAL_POINT: frozenset(PSEUDONYMOUS),
    Role.SECRETARIAT_ANALYST: frozenset(PSEUDONYMOUS),
    Role.READ_ONLY: frozenset(PSEUDONYMOUS),
}
WRITE: dict[str, frozenset[str]] = {
    Role.CASE_WORKER: frozenset(GROUPS),
}
CASE_ROLES = tuple(READ)
FIELD_GROUP = {name: group for group, names in GROUPS.items() for name in names}
