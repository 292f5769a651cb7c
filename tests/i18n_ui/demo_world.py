"""The full demo (what ``manage.py load_demo`` loads): organisations, users and every procedure's cases."""

from importlib import import_module

from django.apps import apps


def load_full_demo():
    from registries.demo import load_demo

    world = load_demo()
    for config in apps.get_app_configs():
        if config.name == "registries":
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        module.load(world)
    return world
