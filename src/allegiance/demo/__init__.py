"""allegiance.demo stage (see DESIGN.md)."""

__all__: list[str] = []
