"""The sandbox's organisation: departments with a hierarchy, and generated people for bulk tries.

``b24notify sandbox --users N`` (``SandboxPortal(users=N)``) adds N people after the seeded ones:
Russian and English names, positions, a few inactive (dismissed), spread over the departments.
They are the same on every start (a fixed pseudo-random sequence per id), so a bulk send can be
tried and measured again and again. ``MISSING_USER_ID`` is never given to anyone.

Departments answer ``department.get`` as the REST docs describe it
(https://apidocs.bitrix24.com/api-reference/departments/department-get.html): ``ID``, ``NAME``,
``SORT``, ``PARENT`` (absent for the root) and ``UF_HEAD``, ids as strings.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

MISSING_USER_ID = 9999
"""A user id that does not exist on the sandbox portal (``result: false``)."""
MAX_USERS = 100_000
"""The most people ``--users`` may add."""


@dataclass(frozen=True)
class Department:
    """One department of the company structure."""

    id: int
    name: str
    parent: int | None
    head: int
    sort: int = 500

    def as_rest(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ID": str(self.id), "NAME": self.name, "SORT": self.sort}
        if self.parent is not None:
            data["PARENT"] = str(self.parent)
        data["UF_HEAD"] = str(self.head)
        return data


DEPARTMENTS: tuple[Department, ...] = (
    Department(1, "Management", None, 1, 100),
    Department(2, "Development", 1, 2),
    Department(3, "Sales", 1, 4),
    Department(4, "Support", 1, 5),
    Department(5, "Finance", 1, 6),
    Department(6, "Backend", 2, 2),
    Department(7, "Frontend", 2, 3),
    Department(8, "Sales Europe", 3, 4),
    Department(9, "Отдел продаж Москва", 3, 4),
    Department(10, "Helpdesk", 4, 9),
)

_EN_FIRST = (
    ("Alice", "F"), ("Ben", "M"), ("Clara", "F"), ("David", "M"), ("Ella", "F"),
    ("Frank", "M"), ("Grace", "F"), ("Henry", "M"), ("Isla", "F"), ("Jack", "M"),
    ("Kate", "F"), ("Liam", "M"), ("Mia", "F"), ("Noah", "M"), ("Olivia", "F"), ("Peter", "M"),
)  # fmt: skip
_EN_LAST = (
    "Brown", "Clark", "Davies", "Evans", "Green", "Hall", "Jones", "King", "Lewis", "Moore",
    "Parker", "Robinson", "Taylor", "Walker", "White", "Wright",
)  # fmt: skip
_RU_FIRST = (
    ("Анна", "F"), ("Борис", "M"), ("Вера", "F"), ("Григорий", "M"), ("Дарья", "F"),
    ("Евгений", "M"), ("Жанна", "F"), ("Игорь", "M"), ("Ксения", "F"), ("Леонид", "M"),
    ("Мария", "F"), ("Никита", "M"), ("Ольга", "F"), ("Павел", "M"), ("Светлана", "F"),
    ("Тимур", "M"),
)  # fmt: skip
_RU_LAST = (  # (male, female)
    ("Смирнов", "Смирнова"), ("Попов", "Попова"), ("Соколов", "Соколова"),
    ("Лебедев", "Лебедева"), ("Козлов", "Козлова"), ("Новиков", "Новикова"),
    ("Морозов", "Морозова"), ("Волков", "Волкова"), ("Фёдоров", "Фёдорова"),
    ("Орлов", "Орлова"), ("Зайцев", "Зайцева"), ("Белов", "Белова"),
)  # fmt: skip
_EN_POSITIONS = (
    "Software engineer", "Account manager", "Support specialist", "Designer", "Analyst",
    "Team lead", "Accountant", "QA engineer",
)  # fmt: skip
_RU_POSITIONS = (
    "Программист", "Менеджер по продажам", "Специалист поддержки", "Дизайнер", "Аналитик",
    "Руководитель группы", "Бухгалтер", "Тестировщик",
)  # fmt: skip


def generated_person(user_id: int) -> tuple[str, str, str, str, bool, int]:
    """(name, last name, position, gender, active, department) of generated person ``user_id``."""
    rng = random.Random(user_id)
    russian = rng.random() < 0.5
    if russian:
        name, gender = rng.choice(_RU_FIRST)
        male, female = rng.choice(_RU_LAST)
        last = female if gender == "F" else male
        position = rng.choice(_RU_POSITIONS)
    else:
        name, gender = rng.choice(_EN_FIRST)
        last = rng.choice(_EN_LAST)
        position = rng.choice(_EN_POSITIONS)
    active = rng.random() >= 0.05
    department = rng.choice(DEPARTMENTS).id
    return name, last, position, gender, active, department


def generated_ids(after: int, count: int) -> list[int]:
    """``count`` ids from ``after + 1`` on, skipping ``MISSING_USER_ID``."""
    ids: list[int] = []
    user_id = after
    while len(ids) < count:
        user_id += 1
        if user_id != MISSING_USER_ID:
            ids.append(user_id)
    return ids


def check_users(count: Any) -> None:
    """Raise ValueError unless ``count`` is a whole number from 0 to MAX_USERS."""
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_USERS:
        raise ValueError(f"users must be a whole number from 0 to {MAX_USERS:,}")
