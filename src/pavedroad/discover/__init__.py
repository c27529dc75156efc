"""Discovery: what a repository is made of (languages, manifests, frameworks, data stores,
infrastructure, containers, CI, owners) and which analyzer families apply to it."""

from pavedroad.discover.inventory import build_inventory
from pavedroad.discover.model import Inventory
from pavedroad.discover.render import inventory_to_dict, render_inventory_text

__all__ = ["Inventory", "build_inventory", "inventory_to_dict", "render_inventory_text"]
