"""allegiance.web stage (see DESIGN.md)."""

__all__: list[str] = []
