"""`make screenshots` (tools/screenshots.py) on the shipped course, for one language (Arabic, right
to left): every picture is written, a PNG of the page's width, and the command lists them."""

from __future__ import annotations

import struct

from helpers import run_main

from tools import screenshots

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (its first chunk, IHDR)."""
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_every_page_at_three_widths(browser, repo, tmp_path):
    # (`browser`: skipped, or failed in CI, like the other browser tests without chromium.)
    out = tmp_path / "shots"
    result = run_main(screenshots.main, ["--root", str(repo), "--out", str(out), "--languages", "ar"])
    assert result.returncode == 0, result.stderr
    expected = {f"ar-{page}-{width}.png" for page in ("lesson", "home", "status", "404", "lesson-dark") for width in (1280, 768, 360)}
    assert {path.name for path in out.iterdir()} == expected
    for name in expected:
        width, height = png_size((out / name).read_bytes())
        assert width == int(name.removesuffix(".png").rsplit("-", 1)[1]), name
        assert height >= 700, name  # the whole page, at least a screen's height
    assert png_size((out / "ar-lesson-360.png").read_bytes())[1] > 10_000  # the whole lesson, not the window's height
    listed = [line.strip() for line in result.stdout.splitlines()[1:]]
    assert sorted(listed) == sorted(str(out / name) for name in expected)
    assert result.stdout.startswith("15 screenshots: 1 language(s)")


def test_screenshots_refuse_a_language_whose_script_has_no_font(monkeypatch, repo, tmp_path):
    """Pictures of boxes would prove nothing: without the font, nothing is taken and the package
    to install is named."""
    import subprocess

    real_run = subprocess.run

    def no_thai_font(args, *rest, **options):
        if args[:2] == ["fc-list", ":lang=th"]:
            return subprocess.CompletedProcess(args, 0, "", "")
        return real_run(args, *rest, **options)

    monkeypatch.setattr(subprocess, "run", no_thai_font)
    result = run_main(screenshots.main, ["--root", str(repo), "--out", str(tmp_path / "shots"), "--languages", "ar th"])
    assert result.returncode == 1
    assert result.stderr.strip() == "screenshots refused: th: no font for its script (Debian package fonts-noto-core)"
    assert not (tmp_path / "shots").exists()


def test_screenshots_refuse_a_language_the_course_lacks(repo, tmp_path):
    """A language the course has no folder for is named at once (the browser would wait for its
    pages until it timed out), and no picture is taken."""
    out = tmp_path / "shots"
    result = run_main(screenshots.main, ["--root", str(repo), "--out", str(out), "--languages", "ar de"])
    assert result.returncode == 1
    assert "the course has no language de (it has: en ar ja ms sw)" in result.stderr
    assert not out.exists()
