"""Summary studio: turn a meeting into a needs summary, check it, edit it and hand it off."""
