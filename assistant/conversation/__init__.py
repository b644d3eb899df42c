"""The conversation: one facade (``Conversation.respond``) over the offline dialogue
manager, the LLM agent, and the session store."""
