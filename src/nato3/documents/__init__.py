"""Documents: each analysis computed once into one typed result that every face renders."""

from nato3.documents.model import MARKS, Column, Document, EditionUse, Mark, Source, Table
from nato3.documents.registry import build, kinds

__all__ = ["MARKS", "Column", "Document", "EditionUse", "Mark", "Source", "Table", "build", "kinds"]
