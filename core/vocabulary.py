"""The shared vocabulary of roles and profiles: domains, modalities, languages."""

from django.db import models


class Domain(models.TextChoices):
    LAW = "law", "Law"
    MEDICINE = "medicine", "Medicine / clinical"
    BIOLOGY = "biology", "Biology"
    CHEMISTRY = "chemistry", "Chemistry"
    PHYSICS = "physics", "Physics"
    MATHEMATICS = "mathematics", "Mathematics"
    FINANCE = "finance", "Finance / economics"
    SOFTWARE = "software", "Software / code"
    LINGUISTICS = "linguistics", "Linguistics"
    PSYCHOLOGY = "psychology", "Psychology"
    GENERAL = "general", "General"


class Modality(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"
    VIDEO = "video", "Video"
    LIDAR = "lidar", "3D / LiDAR"
    CODE = "code", "Code"


class CEFRLevel(models.TextChoices):
    """Common European Framework levels, in ascending order; ``NATIVE`` tops them."""

    A1 = "A1", "A1 (beginner)"
    A2 = "A2", "A2 (elementary)"
    B1 = "B1", "B1 (intermediate)"
    B2 = "B2", "B2 (upper intermediate)"
    C1 = "C1", "C1 (advanced)"
    C2 = "C2", "C2 (proficient)"
    NATIVE = "native", "Native"

    @classmethod
    def rank(cls, level: str) -> int:
        return cls.values.index(level)


class Currency(models.TextChoices):
    USD = "USD", "US dollar"
    EUR = "EUR", "Euro"
    GBP = "GBP", "Pound sterling"
    INR = "INR", "Indian rupee"
    CAD = "CAD", "Canadian dollar"
