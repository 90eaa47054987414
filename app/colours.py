"""Party colours: how a `#rrggbb` colour contrasts with white (WCAG 2.x relative luminance),
and the light tint of it that a highlight is drawn on."""

import re

COLOUR = re.compile(r"^#[0-9a-f]{6}$")
# WCAG AA for normal text: white initials on the colour, and the colour as text on white.
MINIMUM_CONTRAST = 4.5
NEUTRAL = "#595959"  # a party without a colour of its own: 7:1 on white
TINT = 0.16  # the share of the colour in a highlight's background (the rest is white)


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour, as WCAG 2.x defines it."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: PLR2004

    red, green, blue = (linear(c) for c in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def tint(colour: str, share: float = TINT) -> str:
    """`colour` mixed with white, `share` of it: a background dark text reads well on."""
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in _channels(colour))
