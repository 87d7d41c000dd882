import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema

from extra_services.billing.creditor import Creditor
from extra_services.billing.errors import (
    InvalidCollectionError,
    InvalidSepaIdentifierError,
    SubmissionTooEarlyError,
    SubmissionTooLateError,
)
from extra_services.billing.mandate import Mandate, MandateKind, Scheme, SequenceType
from extra_services.billing.pain008 import (
    PAIN008_SCHEMA,
    DirectDebitBatch,
    DirectDebitCollection,
    build_pain008,
    end_to_end_id_for,
    group_into_batches,
)
from extra_services.billing.structured_communication import structured_communication_for

MakeMandate = Callable[..., Mandate]
NS = {"p": f"urn:iso:std:iso:20022:tech:xsd:{PAIN008_SCHEMA}"}
DUE = date(2026, 3, 26)
OTHER_DEBTOR_IBAN = "BE68539007547034"
CREATED = datetime(2026, 3, 20, 8, 30, tzinfo=UTC)


def collection(mandate: Mandate, e2e: str, amount: str, *, sequence: SequenceType = SequenceType.RCUR,
               due_on: date = DUE, base: int = 123) -> DirectDebitCollection:
    return DirectDebitCollection(end_to_end_id=e2e, amount=Decimal(amount), due_on=due_on, sequence_type=sequence,
                                 mandate=mandate, structured_communication=structured_communication_for(base))


@pytest.fixture
def batch(make_mandate: MakeMandate) -> DirectDebitBatch:
    first = make_mandate(reference="NJ-M1", debtor_name="Café Dupont & Fils")
    second = make_mandate(reference="NJ-M2", debtor_iban=OTHER_DEBTOR_IBAN, debtor_bic="GKCCBEBB",
                          signed_on=date(2025, 6, 30))
    return DirectDebitBatch(DUE, Scheme.B2B, (
        collection(first, "NJ-E1", "123.45", sequence=SequenceType.FRST, base=108068171),
        collection(second, "NJ-E2", "10.00", base=124),
        collection(second, "NJ-E3", "0.05", base=125),
    ))


def parse(xml: bytes) -> ET.Element:
    return ET.fromstring(xml)


def test_pain008_batch_validates_against_xsd(batch: DirectDebitBatch, creditor: Creditor) -> None:
    xml = build_pain008(batch, creditor, message_id="NJ-BATCH-20260320-1", created_at=CREATED)
    xsd = Path(sepaxml.__file__).parent / "schemas" / f"{PAIN008_SCHEMA}.xsd"
    xmlschema.XMLSchema(str(xsd)).validate(xml.decode())
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022')


def test_pain008_header_takes_the_message_id_and_creation_time_given(batch: DirectDebitBatch,
                                                                     creditor: Creditor) -> None:
    root = parse(build_pain008(batch, creditor, message_id="NJ-BATCH-1", created_at=CREATED))
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:MsgId", namespaces=NS) == "NJ-BATCH-1"
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:CreDtTm", namespaces=NS) == "2026-03-20T09:30:00"
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:NbOfTxs", namespaces=NS) == "3"
    assert root.findtext("p:CstmrDrctDbtInitn/p:GrpHdr/p:CtrlSum", namespaces=NS) == "133.50"


def test_the_same_batch_always_gives_the_same_file(batch: DirectDebitBatch, creditor: Creditor) -> None:
    first = build_pain008(batch, creditor, message_id="NJ-BATCH-1", created_at=CREATED)
    assert build_pain008(batch, creditor, message_id="NJ-BATCH-1", created_at=CREATED) == first


def test_frst_and_rcur_collections_go_in_separate_payment_blocks(batch: DirectDebitBatch,
                                                                 creditor: Creditor) -> None:
    root = parse(build_pain008(batch, creditor, message_id="NJ-BATCH-1", created_at=CREATED))
    blocks = {
        block.findtext("p:PmtTpInf/p:SeqTp", namespaces=NS): block
        for block in root.iterfind("p:CstmrDrctDbtInitn/p:PmtInf", NS)
    }
    assert set(blocks) == {"FRST", "RCUR"}
    assert blocks["FRST"].findtext("p:PmtInfId", namespaces=NS) == "NJ-BATCH-1-FRST"
    assert blocks["RCUR"].findtext("p:NbOfTxs", namespaces=NS) == "2"
    assert blocks["RCUR"].findtext("p:CtrlSum", namespaces=NS) == "10.05"
    for block in blocks.values():
        assert block.findtext("p:PmtTpInf/p:LclInstrm/p:Cd", namespaces=NS) == "B2B"
        assert block.findtext("p:ReqdColltnDt", namespaces=NS) == "2026-03-26"
        assert block.findtext("p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id", namespaces=NS) == "BE11ZZZ0403170701"


def test_each_transaction_carries_mandate_amount_and_structured_communication(batch: DirectDebitBatch,
                                                                                 creditor: Creditor) -> None:
    root = parse(build_pain008(batch, creditor, message_id="NJ-BATCH-1", created_at=CREATED))
    tx = next(t for t in root.iter(f"{{{NS['p']}}}DrctDbtTxInf")
              if t.findtext("p:PmtId/p:EndToEndId", namespaces=NS) == "NJ-E1")
    assert tx.findtext("p:InstdAmt", namespaces=NS) == "123.45"
    assert tx.find("p:InstdAmt", NS).get("Ccy") == "EUR"  # type: ignore[union-attr]
    assert tx.findtext("p:DrctDbtTx/p:MndtRltdInf/p:MndtId", namespaces=NS) == "NJ-M1"
    assert tx.findtext("p:DrctDbtTx/p:MndtRltdInf/p:DtOfSgntr", namespaces=NS) == "2026-01-05"
    assert tx.findtext("p:Dbtr/p:Nm", namespaces=NS) == "Cafe Dupont + Fils"
    assert tx.findtext("p:DbtrAgt/p:FinInstnId/p:Othr/p:Id", namespaces=NS) == "NOTPROVIDED"
    reference = tx.find("p:RmtInf/p:Strd/p:CdtrRefInf", NS)
    assert reference is not None
    assert reference.findtext("p:Tp/p:CdOrPrtry/p:Cd", namespaces=NS) == "SCOR"
    assert reference.findtext("p:Tp/p:Issr", namespaces=NS) == "BBA"
    assert reference.findtext("p:Ref", namespaces=NS) == "010806817183"
    assert tx.find("p:RmtInf/p:Ustrd", NS) is None


def test_a_core_batch_uses_the_core_instrument(make_mandate: MakeMandate, creditor: Creditor) -> None:
    core = DirectDebitBatch(DUE, Scheme.CORE, (collection(make_mandate(scheme=Scheme.CORE), "NJ-E1", "5.00"),))
    root = parse(build_pain008(core, creditor, message_id="NJ-BATCH-2", created_at=CREATED))
    assert root.findtext("p:CstmrDrctDbtInitn/p:PmtInf/p:PmtTpInf/p:LclInstrm/p:Cd", namespaces=NS) == "CORE"


def test_collections_are_grouped_by_due_date_and_scheme(make_mandate: MakeMandate) -> None:
    b2b, core = make_mandate(), make_mandate(reference="NJ-M9", scheme=Scheme.CORE)
    later = date(2026, 4, 2)
    batches = group_into_batches([
        collection(b2b, "NJ-E1", "1.00", due_on=later),
        collection(core, "NJ-E2", "2.00"),
        collection(b2b, "NJ-E3", "3.00", sequence=SequenceType.FRST),
        collection(b2b, "NJ-E4", "4.00"),
    ])
    assert [(b.due_on, b.scheme, [c.end_to_end_id for c in b.collections]) for b in batches] == [
        (DUE, Scheme.B2B, ["NJ-E3", "NJ-E4"]),
        (DUE, Scheme.CORE, ["NJ-E2"]),
        (later, Scheme.B2B, ["NJ-E1"]),
    ]
    assert batches[0].total == Decimal("7.00")


def test_an_end_to_end_id_used_twice_is_refused(make_mandate: MakeMandate) -> None:
    mandate = make_mandate()
    with pytest.raises(InvalidCollectionError, match="twice"):
        group_into_batches([collection(mandate, "NJ-E1", "1.00"), collection(mandate, "NJ-E1", "2.00")])


def test_a_batch_refuses_a_collection_of_another_date_or_scheme(make_mandate: MakeMandate) -> None:
    with pytest.raises(InvalidCollectionError, match="NJ-E1"):
        DirectDebitBatch(DUE, Scheme.CORE, (collection(make_mandate(), "NJ-E1", "1.00"),))
    with pytest.raises(InvalidCollectionError):
        DirectDebitBatch(DUE, Scheme.B2B, ())


def test_a_file_made_more_than_14_days_before_the_due_date_is_refused(batch: DirectDebitBatch,
                                                                       creditor: Creditor) -> None:
    with pytest.raises(SubmissionTooEarlyError):
        build_pain008(batch, creditor, message_id="NJ-B", created_at=datetime(2026, 3, 11, 12, tzinfo=UTC))


def test_a_file_made_on_the_due_date_is_refused(batch: DirectDebitBatch, creditor: Creditor) -> None:
    with pytest.raises(SubmissionTooLateError):
        build_pain008(batch, creditor, message_id="NJ-B", created_at=datetime(2026, 3, 25, 23, 30, tzinfo=UTC))


def test_a_message_id_outside_the_sepa_rules_is_refused(batch: DirectDebitBatch, creditor: Creditor) -> None:
    with pytest.raises(InvalidSepaIdentifierError):
        build_pain008(batch, creditor, message_id="batch_1", created_at=CREATED)


@pytest.mark.parametrize("amount", ["0.00", "-1.00", "1.005", "1000000000.00"])
def test_a_collection_amount_must_be_positive_cents(make_mandate: MakeMandate, amount: str) -> None:
    with pytest.raises(InvalidCollectionError):
        collection(make_mandate(), "NJ-E1", amount)


def test_a_collection_must_fall_due_on_a_target_business_day(make_mandate: MakeMandate) -> None:
    with pytest.raises(InvalidCollectionError, match="TARGET"):
        collection(make_mandate(), "NJ-E1", "1.00", due_on=date(2026, 4, 6))


@pytest.mark.parametrize(("kind", "sequence"), [
    (MandateKind.RECURRENT, SequenceType.OOFF), (MandateKind.ONE_OFF, SequenceType.RCUR),
])
def test_the_sequence_type_must_fit_the_mandate_kind(make_mandate: MakeMandate, kind: MandateKind,
                                                     sequence: SequenceType) -> None:
    with pytest.raises(InvalidCollectionError):
        collection(make_mandate(kind=kind), "NJ-E1", "1.00", sequence=sequence)


def test_end_to_end_id_is_derived_from_the_collection_id() -> None:
    assert end_to_end_id_for("3f2504e0-4f89-11d3-9a0c-0305e82c3301") == "NJ-3F2504E04F8911D39A0C0305E82C3301"
