"""pain.008 (ISO 20022 direct-debit initiation) files, one per collection date and scheme.

Written with sepaxml in pain.008.001.02: the version every Belgian bank and Isabel accept under
the Febelfin guidelines (pain.008.001.08 is accepted too since 2024, but not by every channel),
and the one where sepaxml requires the creditor BIC, which we always have. sepaxml puts each
sequence type (FRST, RCUR...) of a file in its own PmtInf block, as the scheme requires.

sepaxml stamps the message id, creation time and PmtInf ids from the system clock and a random
generator; we overwrite them from the arguments so the same batch always gives the same file, and
turn the remittance into the Belgian structured form (CdtrRefInf, SCOR, issuer BBA) before
validating the result against sepaxml's bundled XSD."""
from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from msgspec import Struct

from extra_services.billing.calendar import brussels_date, is_target_business_day
from extra_services.billing.collection_dates import check_submission_date
from extra_services.billing.creditor import Creditor
from extra_services.billing.errors import InvalidCollectionError, Pain008SchemaViolationError
from extra_services.billing.mandate import Mandate, MandateKind, Scheme, SequenceType
from extra_services.billing.sepa_text import sepa_identifier_from_id, to_sepa_text, validate_sepa_identifier
from extra_services.billing.structured_communication import validate_structured_communication
from extra_services.clock import BRUSSELS
from extra_services.money import ZERO, to_cents, to_cents_int

PAIN008_SCHEMA = "pain.008.001.02"
MAX_COLLECTION_AMOUNT = Decimal("999999999.99")
PARTY_NAME_MAX_LENGTH = 70
_MESSAGE_ID_PART_OF_PMTINF_ID = 30  # PmtInfId = message id (cut) + '-' + sequence type ≤ 35
_NS = f"urn:iso:std:iso:20022:tech:xsd:{PAIN008_SCHEMA}"
_SEQUENCE_TYPES_BY_KIND = {
    MandateKind.RECURRENT: frozenset({SequenceType.FRST, SequenceType.RCUR, SequenceType.FNAL}),
    MandateKind.ONE_OFF: frozenset({SequenceType.OOFF}),
}


def end_to_end_id_for(collection_id: str) -> str:
    """The end-to-end id of one collection attempt (a retry after a return is a new attempt)."""
    return sepa_identifier_from_id(collection_id, prefix="NJ", what="end-to-end id")


class DirectDebitCollection(Struct, frozen=True):
    end_to_end_id: str
    amount: Decimal
    due_on: date
    sequence_type: SequenceType
    mandate: Mandate
    structured_communication: str  # stored as its 12 digits

    def __post_init__(self) -> None:
        validate_sepa_identifier(self.end_to_end_id, what="end-to-end id")
        if not self.amount.is_finite() or to_cents(self.amount) != self.amount \
                or not ZERO < self.amount <= MAX_COLLECTION_AMOUNT:
            raise InvalidCollectionError(
                f"Collection {self.end_to_end_id}: the amount must be 0.01-{MAX_COLLECTION_AMOUNT} in cents, "
                f"not {self.amount}.")
        if not is_target_business_day(self.due_on):
            raise InvalidCollectionError(
                f"Collection {self.end_to_end_id}: {self.due_on.isoformat()} is not a TARGET business day.")
        if self.sequence_type not in _SEQUENCE_TYPES_BY_KIND[self.mandate.kind]:
            raise InvalidCollectionError(
                f"Collection {self.end_to_end_id}: sequence type {self.sequence_type} does not fit a "
                f"{self.mandate.kind.lower().replace('_', '-')} mandate.")
        if not to_sepa_text(self.mandate.debtor_name, PARTY_NAME_MAX_LENGTH):
            raise InvalidCollectionError(
                f"Collection {self.end_to_end_id}: the debtor name has no character of the SEPA set.")
        object.__setattr__(self, "structured_communication",
                           validate_structured_communication(self.structured_communication))

    @property
    def scheme(self) -> Scheme:
        return self.mandate.scheme


class DirectDebitBatch(Struct, frozen=True):
    """The collections of one pain.008 file: one due date, one scheme."""

    due_on: date
    scheme: Scheme
    collections: tuple[DirectDebitCollection, ...]

    def __post_init__(self) -> None:
        if not self.collections:
            raise InvalidCollectionError("A direct-debit batch holds at least one collection.")
        key = (self.due_on, self.scheme)
        strays = [c.end_to_end_id for c in self.collections if (c.due_on, c.scheme) != key]
        if strays:
            raise InvalidCollectionError(f"Collections {', '.join(strays)} are not due on "
                                         f"{self.due_on.isoformat()} under {self.scheme}.")
        _refuse_duplicate_end_to_end_ids(self.collections)

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.collections), ZERO)


def _refuse_duplicate_end_to_end_ids(collections: Iterable[DirectDebitCollection]) -> None:
    seen: set[str] = set()
    for collection in collections:
        if collection.end_to_end_id in seen:
            raise InvalidCollectionError(f"End-to-end id {collection.end_to_end_id} is used twice.")
        seen.add(collection.end_to_end_id)


def group_into_batches(collections: Iterable[DirectDebitCollection]) -> list[DirectDebitBatch]:
    """One batch per (due date, scheme), in date then scheme order; input order kept inside a batch."""
    grouped: dict[tuple[date, Scheme], list[DirectDebitCollection]] = {}
    listed = list(collections)
    _refuse_duplicate_end_to_end_ids(listed)
    for collection in listed:
        grouped.setdefault((collection.due_on, collection.scheme), []).append(collection)
    return [DirectDebitBatch(due_on, scheme, tuple(grouped[(due_on, scheme)]))
            for due_on, scheme in sorted(grouped, key=lambda key: (key[0], key[1].value))]


def build_pain008(batch: DirectDebitBatch, creditor: Creditor, *,
                  message_id: str, created_at: datetime) -> bytes:
    """The XML of the batch's file, validated against the XSD. Refuses a file created outside the
    submission window of its due date (more than 14 days ahead, or after D-1)."""
    # sepaxml (and lxml) load on the first file built: most paths importing this module never build one.
    from sepaxml import SepaDD  # noqa: PLC0415
    from sepaxml.validation import ValidationError as SepaSchemaError  # noqa: PLC0415
    from sepaxml.validation import try_valid_xml  # noqa: PLC0415

    validate_sepa_identifier(message_id, what="message id")
    check_submission_date(brussels_date(created_at), batch.due_on)
    with warnings.catch_warnings():
        # sepaxml 2.7 tests an Element's truth value (deprecated since Python 3.12); harmless here:
        # should it turn True, an empty <PstlAdr/> would still pass the XSD check below.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"sepaxml\.")
        document = SepaDD(_config(creditor, batch.scheme), schema=PAIN008_SCHEMA, clean=False)
        for collection in batch.collections:
            document.add_payment(_payment(collection))
        raw = document.export(validate=False)
    xml = _stamp(raw, message_id, created_at)
    try:
        try_valid_xml(xml, PAIN008_SCHEMA)
    except SepaSchemaError as exc:
        raise Pain008SchemaViolationError(f"The pain.008 file breaks the schema: {exc.__cause__}") from exc
    return xml


def _config(creditor: Creditor, scheme: Scheme) -> dict[str, Any]:
    config: dict[str, Any] = {
        "name": creditor.name,
        "IBAN": creditor.iban,
        "BIC": creditor.bic,
        "creditor_id": creditor.identifier,
        "currency": "EUR",
        "batch": True,
        "instrument": scheme.value,
    }
    if creditor.address_lines:
        config["address"] = {"lines": list(creditor.address_lines)}
    return config


def _payment(collection: DirectDebitCollection) -> dict[str, Any]:
    mandate = collection.mandate
    payment: dict[str, Any] = {
        "name": to_sepa_text(mandate.debtor_name, PARTY_NAME_MAX_LENGTH),
        "IBAN": mandate.debtor_iban,
        "amount": to_cents_int(collection.amount),
        "type": collection.sequence_type.value,
        "collection_date": collection.due_on,
        "mandate_id": mandate.reference,
        "mandate_date": mandate.signed_on,
        "description": collection.structured_communication,  # moved to <Strd> by _stamp
        "endtoend_id": collection.end_to_end_id,
    }
    if mandate.debtor_bic:
        payment["BIC"] = mandate.debtor_bic
    return payment


def _q(tag: str) -> str:
    return f"{{{_NS}}}{tag}"


def _stamp(raw: bytes, message_id: str, created_at: datetime) -> bytes:
    root = ET.fromstring(raw)  # noqa: S314 - our own bytes, produced in-process by sepaxml
    header = root.find(f"{_q('CstmrDrctDbtInitn')}/{_q('GrpHdr')}")
    if header is None:
        raise Pain008SchemaViolationError("sepaxml wrote no group header.")
    _set_text(header, "MsgId", message_id)
    _set_text(header, "CreDtTm", created_at.astimezone(BRUSSELS).strftime("%Y-%m-%dT%H:%M:%S"))
    for payment_info in root.iter(_q("PmtInf")):
        sequence_type = payment_info.findtext(f"{_q('PmtTpInf')}/{_q('SeqTp')}")
        _set_text(payment_info, "PmtInfId", f"{message_id[:_MESSAGE_ID_PART_OF_PMTINF_ID]}-{sequence_type}")
    for remittance in root.iter(_q("RmtInf")):
        _to_structured_remittance(remittance)
    # As sepaxml does: the pain namespace is the default one (no ns0: prefixes).
    ET.register_namespace("", _NS)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>' + body


def _set_text(parent: ET.Element, tag: str, text: str) -> None:
    element = parent.find(_q(tag))
    if element is None:
        raise Pain008SchemaViolationError(f"sepaxml wrote no {tag}.")
    element.text = text


def _to_structured_remittance(remittance: ET.Element) -> None:
    """<Ustrd>digits</Ustrd> → <Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry>
    <Issr>BBA</Issr></Tp><Ref>digits</Ref></CdtrRefInf></Strd> (Febelfin: BBA = Belgian OGM/VCS)."""
    unstructured = remittance.find(_q("Ustrd"))
    if unstructured is None or not unstructured.text:
        raise Pain008SchemaViolationError("sepaxml wrote no remittance information.")
    reference = unstructured.text
    remittance.remove(unstructured)
    structured = ET.SubElement(remittance, _q("Strd"))
    creditor_reference = ET.SubElement(structured, _q("CdtrRefInf"))
    reference_type = ET.SubElement(creditor_reference, _q("Tp"))
    ET.SubElement(ET.SubElement(reference_type, _q("CdOrPrtry")), _q("Cd")).text = "SCOR"
    ET.SubElement(reference_type, _q("Issr")).text = "BBA"
    ET.SubElement(creditor_reference, _q("Ref")).text = reference
