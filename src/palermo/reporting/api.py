"""Reporting API: questionnaires (public read), rounds, submissions (scoped) and review decisions.

- ``GET /api/reporting/questionnaires/``: the stored questionnaires with their definitions; public.
- ``GET /api/reporting/rounds/`` and ``/{id}/``: rounds in the caller's scope, with completion by
  region and the responding States in the request's language order; ``POST`` and ``PATCH``
  (status, name, deadline) for secretariat analysts and platform administrators.
- ``GET /api/reporting/submissions/`` and ``/{id}/``: submissions in the caller's scope (queries.py);
  ``POST {round, organisation, answers, submit}`` creates or replaces a focal point's draft for an
  invited organisation of theirs; ``PATCH {answers?, submit?}`` on their own editable submission.
  Invalid answers answer 400 with one entry per problem (question, cell, message); nothing is saved.
- ``POST /api/reporting/reviews/ {submission, decision: accept|return, comment}``: secretariat.
Every read of a submission and every write is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import translation
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from palermo.accounts.events import audit
from palermo.accounts.models import LogType, Organisation
from palermo.accounts.permissions import has_role
from palermo.reporting import queries, services
from palermo.reporting.models import Questionnaire, Round, RoundStatus, Submission


class QuestionnaireSerializer(serializers.ModelSerializer[Questionnaire]):
    class Meta:
        model = Questionnaire
        fields = ["id", "code", "version", "title", "definition", "checksum"]


class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    """The questionnaires: blank forms are public documents."""

    queryset = Questionnaire.objects.all()
    serializer_class = QuestionnaireSerializer
    permission_classes = [AllowAny]

    def get_queryset(self) -> QuerySet[Questionnaire]:
        services.sync_questionnaires()
        return Questionnaire.objects.all()


class RoundSerializer(serializers.Serializer[Round]):
    code = serializers.SlugField(max_length=64)
    name = serializers.CharField(max_length=255)
    questionnaire = serializers.CharField(help_text="questionnaire code, e.g. global-report")
    version = serializers.IntegerField(required=False, allow_null=True, default=None)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    deadline = serializers.DateField()
    change_factor = serializers.FloatField(default=3.0, min_value=1)
    previous = serializers.CharField(required=False, allow_null=True, default=None)
    status = serializers.ChoiceField(RoundStatus.choices, default=RoundStatus.DRAFT)
    invite = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


def _round(round_: Round, detail: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": round_.pk,
        "code": round_.code,
        "name": round_.name,
        "questionnaire": {
            "code": round_.questionnaire.code,
            "version": round_.questionnaire.version,
        },
        "period_start": round_.period_start.isoformat(),
        "period_end": round_.period_end.isoformat(),
        "deadline": round_.deadline.isoformat(),
        "status": round_.status,
        "years": round_.years(),
        "is_demo": round_.is_demo,
    }
    if detail:
        lang = (translation.get_language() or "en")[:2]
        out["completion"] = [
            {
                "region": line.region,
                "invited": line.invited,
                "draft": line.draft,
                "submitted": line.submitted,
                "returned": line.returned,
                "accepted": line.accepted,
            }
            for line in queries.completion(round_, lang)
        ]
        out["responders"] = [r.__dict__ for r in queries.responders(round_, lang)]
    return out


class ManagersWrite(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if not getattr(request.user, "is_authenticated", False):
            return False
        return view.action in ("list", "retrieve") or queries.can_manage(request.user)


class RoundViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Rounds in the caller's scope; managers create them and change their status."""

    queryset = Round.objects.all()
    serializer_class = RoundSerializer
    permission_classes = [ManagersWrite]

    def get_queryset(self) -> QuerySet[Round]:
        return queries.rounds_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit(request, LogType.ACCESS, "reporting.round.list", object_type="reporting.Round")
        rounds = self.get_queryset()
        page = self.paginate_queryset(rounds)
        rows = [_round(r, False) for r in (page if page is not None else rounds)]
        return self.get_paginated_response(rows) if page is not None else Response(rows)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        round_ = self.get_object()
        audit(request, LogType.ACCESS, "reporting.round.read", obj=round_)
        return Response(_round(round_, True))

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RoundSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        invite = data.pop("invite")
        try:
            round_ = services.create_round(request, request.user, services.RoundSpec(**data))
            if invite:
                services.invite(
                    request, request.user, round_, Organisation.objects.filter(pk__in=invite)
                )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(_round(round_, True), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        round_ = self.get_object()
        changed = {k: request.data[k] for k in ("name", "deadline") if k in request.data}
        try:
            for key, value in changed.items():
                setattr(
                    round_,
                    key,
                    serializers.DateField().to_internal_value(value)
                    if key == "deadline"
                    else str(value)[:255],
                )
            if changed:
                round_.save(update_fields=list(changed))
                audit(
                    request,
                    LogType.CHANGE,
                    "reporting.round.update",
                    obj=round_,
                    metadata={"fields": list(changed)},
                )
            if "status" in request.data:
                services.set_status(request, request.user, round_, str(request.data["status"]))
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(_round(round_, True))


class AnswerSerializer(serializers.Serializer[Submission]):
    round = serializers.PrimaryKeyRelatedField(queryset=Round.objects.all())
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    answers = serializers.DictField()
    submit = serializers.BooleanField(default=False)


class RespondentsWrite(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if not getattr(request.user, "is_authenticated", False):
            return False
        if view.action == "create":
            return has_role(request.user, *queries.RESPONDENT_ROLES)
        return True


def _save(
    request: Request, round_: Round, org: Organisation, answers: Any, submit: bool
) -> Submission:
    try:
        sub = services.save_answers(request, request.user, round_, org, answers or {}, via="api")
        if submit:
            sub = services.submit(request, request.user, sub)
    except services.InvalidAnswers as exc:
        raise ValidationError({"answers": [i.as_dict() for i in exc.issues]}) from None
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return sub


class SubmissionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Submissions in the caller's scope; focal points write their own organisation's draft."""

    queryset = Submission.objects.all()
    serializer_class = AnswerSerializer
    permission_classes = [RespondentsWrite]
    filterset_fields = ["round", "organisation", "status"]

    def get_queryset(self) -> QuerySet[Submission]:
        if self.action == "partial_update":
            return queries.submissions_editable_by(self.request.user)
        return queries.submissions_visible_to(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        subs = self.filter_queryset(self.get_queryset())
        audit(
            request, LogType.ACCESS, "reporting.submission.list", object_type="reporting.Submission"
        )
        page = self.paginate_queryset(subs)
        rows = [
            {"id": s.pk, "round": s.round_id, "organisation": s.organisation_id, "status": s.status}
            for s in (page if page is not None else subs)
        ]
        return self.get_paginated_response(rows) if page is not None else Response(rows)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sub = self.get_object()
        audit(request, LogType.ACCESS, "reporting.submission.read", obj=sub)
        return Response(sub.as_dict())

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        round_ = queries.rounds_visible_to(request.user).filter(pk=data["round"].pk).first()
        if round_ is None:
            raise NotFound("no such round")
        sub = _save(request, round_, data["organisation"], data["answers"], data["submit"])
        return Response(sub.as_dict(), status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        sub = self.get_object()
        answers = request.data.get("answers", sub.answers)
        if not isinstance(answers, dict):
            raise ValidationError({"answers": "an object {question id: answer}"})
        sub = _save(request, sub.round, sub.organisation, answers, bool(request.data.get("submit")))
        return Response(sub.as_dict())


class ReviewSerializer(serializers.Serializer[Submission]):
    submission = serializers.IntegerField()
    decision = serializers.ChoiceField([("accept", "accept"), ("return", "return")])
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewViewSet(mixins.CreateModelMixin, viewsets.GenericViewSet):
    """A review decision on a submitted answer: accept, or return with comments."""

    queryset = Submission.objects.all()
    serializer_class = ReviewSerializer
    permission_classes = [ManagersWrite]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        sub = queries.submissions_visible_to(request.user).filter(pk=data["submission"]).first()
        if sub is None:
            raise NotFound("no such submission")
        try:
            sub = services.review(request, request.user, sub, data["decision"], data["comment"])
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(sub.as_dict(), status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    router.register(
        "reporting/questionnaires", QuestionnaireViewSet, basename="reportingquestionnaire"
    )
    router.register("reporting/rounds", RoundViewSet, basename="reportinground")
    router.register("reporting/submissions", SubmissionViewSet, basename="reportingsubmission")
    router.register("reporting/reviews", ReviewViewSet, basename="reportingreview")
