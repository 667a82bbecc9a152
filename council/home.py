"""What the home page shows of this part of the portal."""


def home_section(request):
    """Return the context of this app's home-page section (templates/council/_home_section.html)."""
    return {"items": []}
