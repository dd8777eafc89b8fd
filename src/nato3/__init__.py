"""nato3: who carries NATO's defence burden today, and can Europe carry most of it tomorrow.

Importing nato3 is cheap; data libraries load on first use.
"""

from nato3.api import burden_metrics, burden_tests, document, load, sources, status, tables
from nato3.version import __version__

__all__ = ["__version__", "burden_metrics", "burden_tests", "document", "load", "sources", "status", "tables"]
