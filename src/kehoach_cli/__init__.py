"""kehoach: Vietnamese provincial plans (Kế hoạch) to validated task records."""

__version__ = "0.1.0"
