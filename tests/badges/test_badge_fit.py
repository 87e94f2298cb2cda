"""How large a badge prints a name: as large as its box allows, the position and
organisation line shrinking first."""

from ascn.badges.fit import BOXES, fit, lines

ROYAL = (
    "Duli Yang Teramat Mulia Paduka Seri Pengiran Muda Mahkota Pengiran Muda Haji Al-Muhtadee "
    "Billah ibni Kebawah Duli Yang Maha Mulia Paduka Seri Baginda Sultan Haji Hassanal Bolkiah "
    "Mu'izzaddin Waddaulah"
)
ROLE = (
    "Crown Prince and Senior Minister at the Prime Minister's Office, Government of His Majesty "
    "the Sultan and Yang Di-Pertuan of Brunei Darussalam, Bandar Seri Begawan"
)


def test_short_names_of_every_script_print_at_the_largest_size():
    for name in ("Somchai Jaidee", "李显龙", "حسن البلقية", "ហ៊ុន ម៉ាណែត", "Phạm Minh Chính"):
        for layout in ("a6", "cr80"):
            assert fit(layout, True, name, "", "Director").name_size == 1, (name, layout)


def test_the_role_line_shrinks_before_the_name_does():
    words = ROYAL.split()
    shrunk_roles = 0
    for count in range(2, len(words) + 1):
        name = " ".join(words[:count])
        with_role = fit("a6", True, name, "", ROLE)
        alone = fit("a6", True, name, "", "")
        # The name gives up at most one size to the longest role; where it keeps its
        # size, the role line may have shrunk to leave it the room.
        assert with_role.name_size <= alone.name_size + 1
        assert with_role.role_size <= len(BOXES[("a6", True)].role_sizes)
        shrunk_roles += with_role.name_size == alone.name_size and with_role.role_size > 1
    assert shrunk_roles  # some names kept their size because the role line shrank


def test_a_royal_title_is_not_set_at_the_smallest_size_when_the_card_has_room():
    assert fit("a6", True, ROYAL, "", "Crown Prince").name_size <= 4  # 10.5 pt
    assert fit("a6", False, ROYAL, "", "Crown Prince").name_size <= 3  # 13 pt
    assert fit("cr80", True, ROYAL, "", "Crown Prince").name_size < 6


def test_lines_wrap_at_spaces_and_break_a_word_wider_than_the_column():
    assert lines("", 10, 50, 400) == 0
    assert lines("Ann Lee", 10, 50, 400) == 1
    assert lines("A" * 200, 10, 20, 700) > 5
