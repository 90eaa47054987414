"""The three licences that apply, stated once: the service index, the package metadata, the
container's label, the README and LICENSE-DATA.md are checked against these (tests).

- The code is MIT: the shortest permissive licence, understood everywhere, compatible with
  every dependency; there is nothing patentable here that Apache-2.0's grant would protect.
- The annotations (everything under seed/ except the source text) are CC BY 4.0, so that
  whoever reuses the coding must cite it.
- The source text is a work of the United States Government, which copyright does not
  protect (17 U.S.C. § 105): it is in the public domain in the United States."""

from pydantic import BaseModel, Field


class License(BaseModel):
    spdx: str | None = Field(
        description="SPDX identifier, where the licence has one.", examples=["CC-BY-4.0"]
    )
    name: str = Field(
        description="The licence's name.",
        examples=["Creative Commons Attribution 4.0 International"],
    )
    url: str = Field(
        description="Where its text is.", examples=["https://creativecommons.org/licenses/by/4.0/"]
    )
    applies_to: str = Field(
        description="What in Parley this licence covers.",
        examples=["The annotations: parties, issues, positions, statuses, outcomes …"],
    )


CODE = License(
    spdx="MIT",
    name="MIT License",
    url="https://spdx.org/licenses/MIT.html",
    applies_to="The software: app/, migrations/, bench/, tests/ and the build files.",
)
ANNOTATIONS = License(
    spdx="CC-BY-4.0",
    name="Creative Commons Attribution 4.0 International",
    url="https://creativecommons.org/licenses/by/4.0/",
    applies_to="The annotations: parties, issues, positions, statuses, outcomes and every "
    "editorial field, as served by the API and kept in seed/ (except seed/sources/).",
)
SOURCE_TEXT = License(
    spdx=None,
    name="Public domain (17 U.S.C. § 105: a work of the United States Government)",
    url="https://www.law.cornell.edu/uscode/text/17/105",
    applies_to="The text of the source documents (seed/sources/): Foreign Relations of the "
    "United States, published by the Office of the Historian, U.S. Department of State.",
)
LICENSES = (CODE, ANNOTATIONS, SOURCE_TEXT)
# The container holds the code and a database built from the annotations.
CONTAINER_LICENSES = f"{CODE.spdx} AND {ANNOTATIONS.spdx}"
