"""The demo's organisations and their teams."""

from typing import Any

from hiring.models import Membership

# The local part of each team member's e-mail, e.g. hiring@lexicon.demo.
TEAM_MAILBOX: dict[str, str] = {
    Membership.Role.OWNER: "owner",
    Membership.Role.HIRING_MANAGER: "hiring",
    Membership.Role.RECRUITER: "recruiter",
    Membership.Role.REVIEWER: "reviewer",
}

ORGANIZATIONS: tuple[dict[str, Any], ...] = (
    {
        "slug": "lexicon",
        "name": "Lexicon Legal AI",
        "team": {
            Membership.Role.OWNER: "Harriet Ashworth",
            Membership.Role.HIRING_MANAGER: "Benedict Okoro",
            Membership.Role.RECRUITER: "Priyanka Desai",
            Membership.Role.REVIEWER: "Jonas Weller",
        },
    },
    {
        "slug": "meridian",
        "name": "Meridian Health AI",
        "team": {
            Membership.Role.OWNER: "Dr Naomi Fischer",
            Membership.Role.HIRING_MANAGER: "Carlos Mendoza",
            Membership.Role.RECRUITER: "Leah Goldberg",
            Membership.Role.REVIEWER: "Dr Kwame Asante",
        },
    },
)


def team_email(slug: str, membership_role: str) -> str:
    return f"{TEAM_MAILBOX[membership_role]}@{slug}.demo"
