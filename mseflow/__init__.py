"""mseflow: structured, validated records from Russian disability documents.

Reads MSE certificates («справка, подтверждающая факт установления инвалидности»)
and IPRAs (form of Mintrud Order № 486н) from scans and PDFs, extracts the fields
of ``shared/record-contract.md`` with evidence, validates them and derives the
employer's obligations.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
