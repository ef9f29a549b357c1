"""allegiance.report stage (see DESIGN.md)."""

__all__: list[str] = []
