"""The readable texts of Go Solid notifications, from the domain events' details (fr/nl/en).

The inbox text may name the debtor and amounts: only people who may act for the creditor
enterprise read it. The e-mail leaves the bank's systems, so it says only that there is news."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from extra_services.gosolid import case_events as ev
from extra_services.notifications.models import (
    InboxEntry,
    Notifications,
    OutboxChannel,
    OutboxMessage,
    Text,
    Texts,
)

Detail = Mapping[str, Any]

_REASONS = {
    "DEBTOR_NOT_REGISTERED": ("le débiteur n'est pas une entreprise belge inscrite à la BCE",
                              "de schuldenaar is geen in de KBO ingeschreven Belgische onderneming",
                              "the debtor is not a Belgian enterprise registered with the CBE"),
    "DEBTOR_INACTIVE": ("le débiteur est en faillite, en réorganisation judiciaire ou dissous",
                        "de schuldenaar is failliet, in gerechtelijke reorganisatie of ontbonden",
                        "the debtor is bankrupt, in judicial reorganisation or dissolved"),
    "PUBLIC_AUTHORITY": ("le débiteur est une autorité publique", "de schuldenaar is een overheid",
                         "the debtor is a public authority"),
    "CONSUMER_DEBTOR": ("le débiteur n'est pas une entreprise", "de schuldenaar is geen onderneming",
                        "the debtor is not an enterprise"),
    "INSOLVENT_DEBTOR": ("la solvabilité du débiteur est insuffisante", "de solvabiliteit van de schuldenaar "
                         "is onvoldoende", "the debtor's solvency is insufficient"),
    "CREDITOR_NOT_ELIGIBLE": ("votre entreprise ne remplit pas les conditions du service",
                              "uw onderneming voldoet niet aan de voorwaarden van de dienst",
                              "your enterprise does not meet the service's conditions"),
}


def _day(value: object) -> str:
    return date.fromisoformat(str(value)).strftime("%d/%m/%Y") if value else "-"


def _eur(value: object, language: str) -> str:
    text = f"{Decimal(str(value)):,.2f}"
    if language == "en":
        return f"EUR {text}"
    return text.replace(",", " ").replace(".", ",") + " EUR"


def _texts(fr: tuple[str, str], nl: tuple[str, str], en: tuple[str, str]) -> Texts:
    return Texts(fr=Text(title=fr[0], body=fr[1]), nl=Text(title=nl[0], body=nl[1]),
                 en=Text(title=en[0], body=en[1]))


def _accepted(d: Detail) -> Texts:
    debtor, due = d["debtorName"], _day(str(d.get("summonsServiceDue") or "")[:10])
    return _texts(
        ("Go Solid : dossier accepté", f"Votre dossier contre {debtor} est accepté. L'huissier signifiera la "
         f"sommation de payer au plus tard le {due}."),
        ("Go Solid: dossier aanvaard", f"Uw dossier tegen {debtor} is aanvaard. De gerechtsdeurwaarder betekent "
         f"de aanmaning tot betaling uiterlijk op {due}."),
        ("Go Solid: case accepted", f"Your case against {debtor} was accepted. The bailiff will serve the "
         f"summons to pay by {due}."))


def _rejected(d: Detail) -> Texts:
    debtor, codes = d["debtorName"], [str(r) for r in d.get("reasons", [])]
    fr, nl, en = ("; ".join(_REASONS[c][i] for c in codes if c in _REASONS) for i in range(3))
    return _texts(
        ("Go Solid : dossier refusé", f"Votre dossier contre {debtor} ne peut pas être traité : {fr}."),
        ("Go Solid: dossier geweigerd", f"Uw dossier tegen {debtor} kan niet behandeld worden: {nl}."),
        ("Go Solid: case not accepted", f"Your case against {debtor} cannot be handled: {en}."))


def _served(d: Detail) -> Texts:
    debtor, served, until = d["debtorName"], _day(d.get("servedOn")), _day(d.get("responseDeadline"))
    return _texts(
        ("Go Solid : sommation signifiée", f"La sommation de payer a été signifiée à {debtor} le {served}. "
         f"Le débiteur a jusqu'au {until} pour réagir."),
        ("Go Solid: aanmaning betekend", f"De aanmaning tot betaling werd op {served} aan {debtor} betekend. "
         f"De schuldenaar heeft tot {until} om te reageren."),
        ("Go Solid: summons served", f"The summons to pay was served on {debtor} on {served}. The debtor has "
         f"until {until} to respond."))


def _plan(d: Detail) -> Texts:
    debtor, count = d["debtorName"], len(d.get("installments", []))
    return _texts(
        ("Go Solid : plan de paiement", f"{debtor} paiera en {count} mensualités. Vous recevrez chacune dès "
         "qu'elle est encaissée."),
        ("Go Solid: afbetalingsplan", f"{debtor} betaalt in {count} schijven. U ontvangt elke schijf zodra ze "
         "geïnd is."),
        ("Go Solid: payment plan", f"{debtor} will pay in {count} instalments. You will receive each one as "
         "soon as it is collected."))


def _forwarded(d: Detail) -> Texts:
    debtor = d["debtorName"]
    return _texts(
        ("Go Solid : paiement transféré", f"{_eur(d['amount'], 'fr')} payés par {debtor} sont versés sur votre "
         f"compte. Total reçu à ce jour : {_eur(d['forwardedTotal'], 'fr')}."),
        ("Go Solid: betaling doorgestort", f"{_eur(d['amount'], 'nl')} betaald door {debtor} wordt op uw "
         f"rekening gestort. Totaal ontvangen tot nu: {_eur(d['forwardedTotal'], 'nl')}."),
        ("Go Solid: payment forwarded", f"{_eur(d['amount'], 'en')} paid by {debtor} is on its way to your "
         f"account. Received so far: {_eur(d['forwardedTotal'], 'en')}."))


def _missed(d: Detail) -> Texts:
    debtor, number, due = d["debtorName"], d.get("instalment"), _day(d.get("dueOn"))
    return _texts(
        ("Go Solid : mensualité impayée", f"{debtor} n'a pas payé la mensualité {number} due le {due}. "
         "La procédure reprend."),
        ("Go Solid: schijf niet betaald", f"{debtor} heeft schijf {number} van {due} niet betaald. "
         "De procedure loopt verder."),
        ("Go Solid: instalment missed", f"{debtor} did not pay instalment {number} due on {due}. "
         "The procedure goes on."))


def _closed(d: Detail) -> Texts:
    debtor, status = d["debtorName"], d.get("status")
    if status == "PAID":
        return _texts(
            ("Go Solid : dossier clôturé, payé", f"{debtor} a payé. Vous avez reçu "
             f"{_eur(d['forwardedToCreditor'], 'fr')} via Go Solid."),
            ("Go Solid: dossier afgesloten, betaald", f"{debtor} heeft betaald. U ontving "
             f"{_eur(d['forwardedToCreditor'], 'nl')} via Go Solid."),
            ("Go Solid: case closed, paid", f"{debtor} paid. You received {_eur(d['forwardedToCreditor'], 'en')} "
             "through Go Solid."))
    if status == "CONTESTED":
        return _texts(
            ("Go Solid : dossier contesté", f"{debtor} a contesté la créance ; la procédure s'arrête. La "
             "facture ayant été contestée, les frais de Go Solid sont à votre charge."),
            ("Go Solid: dossier betwist", f"{debtor} heeft de schuld betwist; de procedure stopt. Omdat de "
             "factuur betwist werd, zijn de kosten van Go Solid voor u."),
            ("Go Solid: case contested", f"{debtor} contested the claim; the procedure stops. As the invoice "
             "was contested, Go Solid's fees are yours to pay."))
    if status == "UNRECOVERABLE":
        return _texts(
            ("Go Solid : dossier clôturé", f"L'huissier n'a pas pu récupérer la dette de {debtor}. "
             "Vous ne devez rien."),
            ("Go Solid: dossier afgesloten", f"De gerechtsdeurwaarder kon de schuld van {debtor} niet "
             "invorderen. U betaalt niets."),
            ("Go Solid: case closed", f"The bailiff could not recover the debt from {debtor}. You owe nothing."))
    return _texts(
        ("Go Solid : dossier retiré", f"Votre dossier contre {debtor} est retiré."),
        ("Go Solid: dossier ingetrokken", f"Uw dossier tegen {debtor} is ingetrokken."),
        ("Go Solid: case withdrawn", f"Your case against {debtor} was withdrawn."))


_INBOX: dict[str, Callable[[Detail], Texts]] = {
    ev.CASE_ACCEPTED: _accepted, ev.CASE_REJECTED: _rejected, ev.SUMMONS_SERVED: _served,
    ev.PAYMENT_PLAN_AGREED: _plan, ev.PAYMENT_FORWARDED: _forwarded, ev.INSTALMENT_MISSED: _missed,
    ev.CASE_CLOSED: _closed,
}


def _email(case_id: str) -> Texts:
    short = case_id[:8]
    return _texts(
        ("CBC - du nouveau dans votre dossier Go Solid", f"Il y a du nouveau dans votre dossier Go Solid {short}. "
         "Connectez-vous à CBC Mobile ou CBC Touch pour le consulter."),
        ("CBC - nieuws over uw Go Solid-dossier", f"Er is nieuws over uw Go Solid-dossier {short}. "
         "Meld u aan in CBC Mobile of CBC Touch om het te bekijken."),
        ("CBC - news about your Go Solid case", f"There is news about your Go Solid case {short}. "
         "Log in to CBC Mobile or CBC Touch to read it."))


def go_solid_notifications(detail_type: str, detail: Detail) -> Notifications:
    """Nothing for an event the creditor is not told about (SummonsRequested, PvRequested...).
    Raises KeyError/ValueError for a detail without the fields it needs."""
    render = _INBOX.get(detail_type)
    if render is None:
        return Notifications()
    event_id, case_id = str(detail["eventId"]), str(detail["caseId"])
    at = datetime.fromisoformat(str(detail["occurredAt"]))
    enterprise = str(detail["creditorEnterpriseNumber"])
    inbox = InboxEntry(id=event_id, at=at, type=f"GO_SOLID_{detail_type}", owner=f"ENTERPRISE#{enterprise}",
                       enterprise_number=enterprise, texts=render(detail), link=f"/v1/go-solid/cases/{case_id}")
    outbox = OutboxMessage(id=f"{event_id}-email", at=at, type=inbox.type, channel=OutboxChannel.EMAIL,
                           recipient_customer_id=str(detail["submittedBy"]), enterprise_number=enterprise,
                           texts=_email(case_id))
    return Notifications(inbox=(inbox,), outbox=(outbox,))
