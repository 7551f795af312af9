"""The prospect page: one prospect carried from Target to Assure, a tab per step."""
