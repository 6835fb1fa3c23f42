"""export.patching: a render's swapped attribute is put back as it was, even when renders nest or fail."""
import pytest

from export.patching import patched


class Base:
    def shown(self):
        return "base"


class Child(Base):
    pass


def test_an_inherited_method_is_inherited_again_after_the_block():
    with patched(Child, "shown", lambda self: "fast"):
        assert Child().shown() == "fast"
    assert "shown" not in vars(Child) and Child().shown() == "base"


def test_nested_blocks_and_an_error_leave_the_original():
    with pytest.raises(RuntimeError):
        with patched(Base, "shown", lambda self: "outer"):
            with patched(Base, "shown", lambda self: "inner"):
                assert Base().shown() == "inner"
            assert Base().shown() == "outer"
            raise RuntimeError("the render failed")
    assert Base().shown() == "base"
