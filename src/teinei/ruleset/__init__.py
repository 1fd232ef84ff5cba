"""Rules as data: the pydantic model of a rule file, loading from YAML, and selecting what runs."""
