"""nato3's version: a leaf module, so the store and the faces can name it without importing the front door."""

__version__ = "0.1.0"
