"""The JSON Schema of the playbook format, generated from the domain model.

The shipped `playbook.schema.json` is this function's output; a test keeps them identical.
Regenerate with `python -m salescoach.playbooks.schema > resources/playbooks/playbook.schema.json`.
"""

from __future__ import annotations

import json

from salescoach.domain.playbook import Playbook


def playbook_json_schema() -> str:
    schema = Playbook.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "SalesCoach playbook"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    print(playbook_json_schema(), end="")
