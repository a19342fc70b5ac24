"""Personal data kept out of logs: phone numbers masked, secrets removed.

Why its own package: the channels (Rasa server) and the handoff notification (action
server) both log sender ids, and each image carries only the packages it needs.
"""
