"""The one place that knows vendor SDKs: the chat model behind ``ADVISOR_LLM``.

Each provider's LangChain package is imported only when chosen, and a missing one is
named with the extra that installs it.
"""

from __future__ import annotations

from typing import Any

PROVIDERS = {
    "openai": ("langchain_openai", "openai"),
    "anthropic": ("langchain_anthropic", "anthropic"),
    "ollama": ("langchain_ollama", "ollama"),
}


class ProviderError(RuntimeError):
    """The configured model cannot be used; the message says how to fix it."""


def chat_model(spec: str, timeout: float) -> Any:
    """A LangChain chat model for ``provider:model``."""
    provider, _, model = spec.partition(":")
    if provider not in PROVIDERS or not model:
        raise ProviderError(
            f"ADVISOR_LLM={spec!r}: use offline or provider:model with provider one of "
            + ", ".join(PROVIDERS)
        )
    module, extra = PROVIDERS[provider]
    try:
        __import__(module)
    except ImportError:
        raise ProviderError(
            f"ADVISOR_LLM={spec!r} needs the {module} package: "
            f".venv/bin/pip install -e '.[{extra}]'"
        ) from None
    from langchain.chat_models import init_chat_model

    return init_chat_model(model, model_provider=provider, **model_options(provider, timeout))


def model_options(provider: str, timeout: float) -> dict[str, Any]:
    """The chat model's options: every provider's HTTP calls give up after ``timeout``
    seconds, so a hung model call ends and frees the turn that made it."""
    options: dict[str, Any] = {"temperature": 0}
    if provider in ("openai", "anthropic"):
        options.update(timeout=timeout, max_retries=1)
    elif provider == "ollama":  # ChatOllama hands client_kwargs to its httpx clients
        options.update(client_kwargs={"timeout": timeout})
    else:  # a provider added to PROVIDERS must say how it takes a time-out
        raise ProviderError(f"no time-out is known for provider {provider!r}")
    return options
