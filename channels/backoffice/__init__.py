"""The team's side of the Rasa server: channels that take no user messages.

Why a package: Rasa lets code into its server only as an input channel, so the agent
view (``/agent``: a person answers handed-off conversations), the failure report
(``/report``), both behind RASA_AUTH_TOKEN, and the scheduled erasing of old
conversations (``housekeeping``) are channels; their logic is plain Python elsewhere
(agent_desk/, failure_watch/, privacy/).
"""
