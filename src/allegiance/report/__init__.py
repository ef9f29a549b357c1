"""allegiance.report: the self-contained offline HTML report of a store.

:func:`report_data` computes what is shown (network, blocs, evidence, timeline,
tables); :func:`render_report` turns it into one HTML page; :func:`write_report`
does both for a store and writes the file atomically.

Examples
--------
>>> from allegiance.report import report_data, render_report
>>> render_report(report_data([])).html.count("<script")
3
"""

from allegiance.report.data import (
    BLOC_COLOURS,
    ReportData,
    choose_period,
    document_row,
    evidence_row,
    report_data,
    report_data_from_store,
)
from allegiance.report.summary import bounded_report_data, summary_data_from_store
from allegiance.report.html import (
    RenderedReport,
    ReportResult,
    csp_hash,
    render_report,
    static_text,
    write_atomic,
    write_report,
)

__all__ = [
    "BLOC_COLOURS",
    "RenderedReport",
    "ReportData",
    "ReportResult",
    "bounded_report_data",
    "choose_period",
    "csp_hash",
    "document_row",
    "evidence_row",
    "render_report",
    "report_data",
    "report_data_from_store",
    "static_text",
    "summary_data_from_store",
    "write_atomic",
    "write_report",
]
