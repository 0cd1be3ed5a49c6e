"""Human, translatable words for the codes of the HTCDS picklists shown on case pages.

The English words are the HTCDS 2.0 catalogue's value labels (palermo/htcds/data/htcds-2.0.json,
sentence case, "Unaquainted" spelt right); they are written out here, not read from the catalogue,
so that ``makemessages`` extracts them for the French catalogue. tests/cases/test_display.py checks
that every code of the catalogue has a word here.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# typed column of CaseRecord -> {HTCDS code: words}
VALUE_LABELS: dict[str, dict[str, Promise]] = {
    "gender": {  # prs_Gender
        "Feminine": _("Feminine"),
        "Masculine": _("Masculine"),
        "TransgenderFeminine": _("Transgender feminine"),
        "TransgenderMasculine": _("Transgender masculine"),
        "NonConforming": _("Non-Conforming"),
        "NonSpecifiedUnknown": _("Not specified or unknown"),
    },
    "exploitation_types": {  # vic_TypeOfExploitation
        "ForcedLabour": _("Forced labour"),
        "SexualExploitation": _("Sexual exploitation"),
        "ChildLabour": _("Child labour"),
        "ForcedMarriage": _("Forced marriage"),
        "Servitude": _("Servitude"),
        "ForcedMilitaryByNonStateActors": _("Forced military (by non-state actors)"),
        "OrganRemoval": _("Organ removal"),
        "ForcedBegging": _("Forced begging"),
        "ForcedAdoption": _("Forced adoption"),
        "Surrogacy": _("Surrogacy"),
        "Other": _("Other"),
    },
    "labour_sectors": {  # vic_ForcedLabourIndustry
        "A_AgricultureForestryAndFishing": _("Agriculture, forestry and fishing"),
        "B_MiningAndQuarrying": _("Mining and quarrying"),
        "C_Manufacturing": _("Manufacturing"),
        "D_ElectricityGasSteamAndAirConditioningSupply": _(
            "Electricity, gas, steam and air conditioning supply"
        ),
        "E_WaterSupplySewerageWasteManagement": _(
            "Water supply; sewerage, waste management and remediation"
        ),
        "F_Construction": _("Construction"),
        "G_WholesaleAndRetailTradeRepairOfMotorVehicles": _(
            "Wholesale and retail trade; repair of motor vehicles and motorcycles"
        ),
        "H_TransportationAndStorage": _("Transportation and storage"),
        "I_AccommodationAndFoodServiceActivities": _("Accommodation and food service activities"),
        "J_InformationAndCommunication": _("Information and communication"),
        "K_FinancialAndInsuranceActivities": _("Financial and insurance activities"),
        "L_RealEstateActivities": _("Real estate activities"),
        "M_ProfessionalScientificAndTechnicalActivities": _(
            "Professional, scientific and technical activities"
        ),
        "N_AdministrativeAndSupportServiceActivities": _(
            "Administrative and support service activities"
        ),
        "O_PublicAdministrationAndDefence": _(
            "Public administration and defence; compulsory social security"
        ),
        "P_Education": _("Education"),
        "Q_HumanHealthAndSocialWorkActivities": _("Human health and social work activities"),
        "R_ArtsEntertainmentAndRecreation": _("Arts, entertainment and recreation"),
        "S_OtherServiceActivities": _("Other service activities"),
        "T_ActivitiesOfHouseholdsAsEmployers": _(
            "Activities of households as employers; undifferentiated goods- and services- producing activities of households for own use"
        ),
        "U_ActivitiesOfExtraterritorialOrganizations": _(
            "Activities of extraterritorial organizations and bodies"
        ),
    },
    "sex_exploitation_types": {  # vic_TypeOfSexExploitation
        "Prostitution": _("Prostitution"),
        "Pornography": _("Pornography"),
        "RemoteInteractiveServices": _("Remote interactive services"),
        "PrivateSexualServices": _("Private sexual services"),
    },
    "means_of_control": {  # vic_MethodsOfControl
        "PhysicalThreats": _("Physical threats"),
        "ThreatsLawEnforcement": _("Threats of law enforcement"),
        "ThreatensChildrenFamily": _("Threatens children/family"),
        "DebtBondage": _("Debt bondage"),
        "FalsePromises": _("False promises"),
        "PhysicalAbuse": _("Physical abuse"),
        "SexualAbuse": _("Sexual abuse"),
        "TakesEarnings": _("Takes earnings"),
        "RestrictsFinancialAccess": _("Restricts financial access"),
        "RestrictsMedicalCare": _("Restricts medical care"),
        "WithholdsNecessities": _("Withholds necessities"),
        "PsychologicalAbuse": _("Psychological abuse"),
        "PsychoactiveSubstance": _("Psychoactive substance"),
        "ExcessiveWorkingHours": _("Excessive working hours"),
        "WithholdsDocuments": _("Withholds documents"),
        "Other": _("Other"),
    },
    "recruitment": {  # vic_MethodOfRecruitment
        "AtAPlaceOfBusiness": _("At a place of business"),
        "AtAnEducationalInstitution": _("At an educational institution"),
        "AtWork": _("At work"),
        "ThroughOnlineSocialNetworks": _("Through online social networks"),
        "ThroughAnOnlineAdvertisement": _("Through an online advertisement"),
        "ThroughATelevisionAdvert": _("Through a television advert"),
        "ThroughANewspaperAdvert": _("Through a newspaper advert"),
        "ThroughFamilyOrFamilyEvents": _("Through family or family events"),
        "ThroughFriendsOrSocialEvents": _("Through friends or social events"),
        "Other": _("Other"),
    },
    "trafficker_relation": {  # vic_RelationshipToTrafficker
        "Familial": _("Familial"),
        "Acquainted": _("Acquainted"),
        "Unaquainted": _("Unacquainted"),
    },
    "trafficking_status": {  # vic_TraffickingStatus
        "PossibleVictimOfTrafficking": _("Possible victim of trafficking"),
        "ActualVictimOfTrafficking": _("Actual victim of trafficking"),
        "NotAVictimOfTrafficking": _("Not a victim of trafficking"),
    },
    "majority": {"Minor": _("Minor"), "Adult": _("Adult")},  # ext_MajorityStatus (CTDC)
}
