"""Burden sharing: who pays for NATO, whether the large allies carry the small ones
(Olson–Zeckhauser), and whether allies pay in line with their benefits (joint products).

Modules: ``inputs`` (per-ally rows from NATO or SIPRI), ``metrics`` (shares of the alliance),
``groups`` (group shares), ``exploitation`` (Olson–Zeckhauser), ``joint_product`` (Wilcoxon),
``analysis`` (long-format library calls), ``report`` (one year for the CLI), ``charts``.
"""

from nato3.burden.analysis import burden_metrics, burden_test_tables, burden_tests
from nato3.burden.report import YearReport, year_report

__all__ = ["YearReport", "burden_metrics", "burden_test_tables", "burden_tests", "year_report"]
