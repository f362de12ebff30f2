"""Property test of the whole cross-reference: arbitrary documents that share
fragments never crash ``report_documents``, and every span it reports slices
the original text of its document."""

from __future__ import annotations

from helpers import assert_spans_slice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xref.model import Document
from xref.report import report_documents

_SHARED = [
    "“We urge you to immediately reinstate Operation Talon,” the letter states.",
    "ICE arrested 19,752 illegal aliens from October 2014 to May 2018.",
    "Eighteen state attorneys general urged the president to act.",
    "Today, we joined 18 state attorneys general in urging the president.",
    "“It’s not true,” he said. “Not at all …",
    "John Binder is a reporter for Breitbart News.",
]
_NOISE = ["“", "”", "‘", "’", "\"", "'", "«", "»", "…", "—", "\n", "\n\n", "\r\n", " ",
          "\x00", "\u200b", "ﬁ", "Ａ", "日本語", "said", "19", "not", "[", "]"]

_piece = st.one_of(st.sampled_from(_SHARED), st.sampled_from(_NOISE), st.text(max_size=12))
_doc_text = st.lists(_piece, min_size=1, max_size=14).map(" ".join)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(_doc_text, min_size=2, max_size=4))
def test_report_spans_always_slice_the_original(texts: list[str]) -> None:
    docs = [Document(f"d{i}", f"d{i}.txt", t) for i, t in enumerate(texts)]
    report = report_documents(docs)
    for c in report.clusters:
        assert c.reference.verdict == "exact"
        assert len(c.docs) >= 2
    assert_spans_slice(report, docs)
    again = report_documents(list(reversed(docs)))
    assert again.to_json() == report.to_json()
