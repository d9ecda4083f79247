"""Output folders: mkba writes only into folders that are its own, never into or over its inputs,
the user's working folder, a folder of the user's files or the output of another command (nor
inside one); every refusal is a message (Dutch, English with --lang en) and exit 1, and every
file in the sandbox stays as it was (bytes and modification time)."""

import contextlib
import hashlib
import os
import shutil
import stat
import subprocess
import sys

import pytest
from conftest import REPO, STUDIES

from mkba.cli import main
from mkba.errors import OutputFolderError
from mkba.write.output_folder import (
    MARKER,
    check_output_folder,
    replace_folder,
    reserve_folder,
)

FEW = ["duinhaven-2010.xlsx", "lindemonde-2013.xlsx", "grevenhaven-2013.xlsx"]


def snapshot(root):
    """Every file, folder and link under ``root``: content hash and modification time."""
    state = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                state[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(mode):
                state[rel] = ("dir",)
            elif not stat.S_ISREG(mode):  # a pipe or device of another test: never open it
                state[rel] = ("special", mode)
            else:
                with open(path, "rb") as fh:
                    digest = hashlib.sha256(fh.read()).hexdigest()
                state[rel] = (digest, os.stat(path).st_mtime_ns)
    return state


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """A working folder with studies (and a mapping study), scenarios, and the user's files."""
    (tmp_path / "studies").mkdir()
    for name in FEW:
        shutil.copy2(STUDIES / name, tmp_path / "studies" / name)
        mapping = STUDIES / name.replace(".xlsx", ".mapping.toml")
        if mapping.exists():
            shutil.copy2(mapping, tmp_path / "studies" / mapping.name)
    shutil.copytree(REPO / "scenarios", tmp_path / "scenarios")
    (tmp_path / "notities.docx").write_bytes(b"the user's own notes")
    monkeypatch.chdir(tmp_path)
    return tmp_path


INPUT = ("is een invoer van deze run; mkba schrijft niet waar het uit leest",
         "is an input of this run; mkba does not write where it reads from")
WORKING = ("is de map waarin u werkt", "is the folder you are working in")
HOLDS = ("bevat de invoer", "holds the input")
REFUSED = [
    (["report", "--out", "studies"], INPUT),
    (["report", "--out", "scenarios"], INPUT),
    (["report", "--out", "studies/uit"], ("uit ligt in de invoermap studies",
                                          "uit lies inside the input folder studies")),
    (["report", "--out", "."], WORKING),
    (["report", "--out", ".."], WORKING),
    (["report", "--out", "{cwd}"], WORKING),
    (["report", "--out", "notities.docx"], ("notities.docx is een bestand, geen map",
                                            "notities.docx is a file, not a folder")),
    (["tables", "--out", "studies"], INPUT),
    (["tables", "--out", "scenarios"], ("scenarios is geen uitvoermap van mkba en is niet leeg",
                                        "scenarios is not an output folder of mkba and is not "
                                        "empty")),
    (["import", "studies", "-o", "studies"], INPUT),
    (["import", "studies/duinhaven-2010.xlsx", "-o", "studies"], HOLDS),
    (["scenario", "scenarios/zwaar.toml", "--out", "scenarios"], HOLDS),
    (["scenario", "scenarios/zwaar.toml", "--out", "studies"], INPUT),
]


@pytest.mark.parametrize(("argv", "message"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_an_input_or_working_folder_is_refused_and_left_alone(sandbox, capsys, argv, message):
    argv = [a.replace("{cwd}", str(sandbox)) for a in argv]
    before = snapshot(sandbox.parent)
    for lang, words in zip(("nl", "en"), message, strict=True):
        assert main([*argv, "--lang", lang]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"mkba {argv[0]}: ") and words in err and "Traceback" not in err
    assert snapshot(sandbox.parent) == before


@pytest.mark.parametrize("command", [["report"], ["tables", "--out", "reports"],
                                     ["import", "studies", "-o", "reports"],
                                     ["scenario", "scenarios/zwaar.toml", "--out", "reports"]])
def test_a_folder_of_the_users_files_is_refused_by_every_command(sandbox, capsys, command):
    (sandbox / "reports").mkdir()
    (sandbox / "reports" / "rapport.docx").write_bytes(b"mine")
    (sandbox / "reports" / "begroting.xlsx").write_bytes(b"mine too")
    before = snapshot(sandbox)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "reports is geen uitvoermap van mkba en is niet leeg (er staat begroting.xlsx, " \
        "rapport.docx in)" in err  # it says what is in the folder
    assert main([*command, "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "reports is not an output folder of mkba and is not empty (it holds begroting.xlsx, " \
        "rapport.docx)" in err
    assert snapshot(sandbox) == before


def test_the_report_replaces_its_own_folder_and_only_that(sandbox, capsys):
    assert main(["report", "--quiet", "--no-scenarios"]) == 0
    reports = sandbox / "reports"
    assert (reports / MARKER).is_file()
    for sub in ("tables", "data"):  # the folders other commands write into are marked too
        assert (reports / sub / MARKER).is_file()
    (reports / "oud.txt").write_text("from the previous run")
    studies = snapshot(sandbox / "studies")
    assert main(["report", "--quiet", "--no-scenarios", "--lang", "en"]) == 0
    assert not (reports / "oud.txt").exists()  # replaced as a whole: it was mkba's own
    assert 'lang="en"' in (reports / "index.html").read_text(encoding="utf-8")
    assert snapshot(sandbox / "studies") == studies
    assert sorted(p.name for p in sandbox.iterdir()) == [
        "notities.docx", "reports", "scenarios", "studies"]  # no lock or temporary folder left


def test_an_empty_folder_may_be_used(sandbox):
    (sandbox / "leeg").mkdir()
    assert main(["import", "studies", "-o", "leeg"]) == 0
    assert (sandbox / "leeg" / "items.csv").is_file()
    assert (sandbox / "leeg" / MARKER).is_file()


def test_a_link_to_an_output_folder_is_followed_and_stays_a_link(sandbox):
    (sandbox / "echt").mkdir()
    (sandbox / "uit").symlink_to("echt")
    assert main(["import", "studies", "-o", "uit"]) == 0
    assert (sandbox / "uit").is_symlink()
    assert (sandbox / "echt" / "items.csv").is_file()


def test_links_to_inputs_and_dangling_links_are_refused(sandbox, capsys):
    (sandbox / "naar-studies").symlink_to("studies")
    (sandbox / "nergens").symlink_to("bestaat-niet")
    before = snapshot(sandbox)
    assert main(["report", "--out", "naar-studies"]) == 1
    assert main(["tables", "--out", "nergens"]) == 1
    err = capsys.readouterr().err
    assert "naar-studies is een invoer van deze run" in err
    assert "nergens is een koppeling naar bestaat-niet, dat niet bestaat" in err
    assert main(["tables", "--out", "nergens", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "nergens is a link to bestaat-niet, which does not exist" in err
    assert snapshot(sandbox) == before


def test_an_output_path_through_a_file_is_a_message(sandbox, capsys):
    assert main(["import", "studies", "-o", "notities.docx/uit"]) == 1
    err = capsys.readouterr().err
    assert "notities.docx" in err and "Traceback" not in err
    assert (sandbox / "notities.docx").read_bytes() == b"the user's own notes"


def test_check_output_folder_from_python(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.xlsx").write_bytes(b"PK")
    assert check_output_folder(tmp_path / "out", inputs=[tmp_path / "in"]) == tmp_path / "out"
    with pytest.raises(OutputFolderError, match="bevat de invoer") as exc:
        check_output_folder(tmp_path, inputs=[tmp_path / "in" / "a.xlsx"])
    assert "holds the input" in exc.value.render("en")
    with pytest.raises(OutputFolderError, match="ligt in de invoermap") as exc:
        check_output_folder(tmp_path / "in" / "out", inputs=[tmp_path / "in"])
    assert "lies inside the input folder" in exc.value.render("en")


def test_a_failed_run_leaves_no_temporary_folder_and_the_old_one_intact(tmp_path):
    out = tmp_path / "reports"
    with replace_folder(out) as tmp:
        (tmp / "index.html").write_text("eerste")
    with pytest.raises(RuntimeError), replace_folder(out) as tmp:
        (tmp / "index.html").write_text("half")
        raise RuntimeError("disk full")
    assert (out / "index.html").read_text() == "eerste"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_leftovers_of_a_killed_run_are_removed_and_others_left_alone(tmp_path):
    out = tmp_path / "reports"
    with replace_folder(out) as tmp:
        (tmp / "index.html").write_text("eerste")
    stale = tmp_path / ".reports.k1ll3d00.mkba-tmp"  # as mkdtemp names them
    stale.mkdir()
    (stale / MARKER).write_text("")
    (stale / "index.html").write_text("half")
    unmarked = tmp_path / ".reports.abcdefgh.mkba-tmp"  # not mkba's: no marker
    unmarked.mkdir()
    other = tmp_path / ".reports.v2.abcdefgh.mkba-tmp"  # another folder's run ("reports.v2")
    other.mkdir()
    (other / MARKER).write_text("")
    with replace_folder(out) as tmp:
        (tmp / "index.html").write_text("tweede")
    assert not stale.exists()
    assert unmarked.exists() and other.exists()
    assert (out / "index.html").read_text() == "tweede"


def test_a_report_moved_aside_by_a_killed_run_is_put_back(tmp_path):
    # a run killed between the two renames of the fallback swap leaves the previous report as
    # .NAME.XXXXXXXX.mkba-old and no NAME: the next run puts it back before anything else
    old = tmp_path / ".reports.k1ll3d00.mkba-old"
    old.mkdir()
    (old / MARKER).write_text("")
    (old / "index.html").write_text("vorige")
    with reserve_folder(tmp_path / "reports"):
        pass
    assert (tmp_path / "reports" / "index.html").read_text() == "vorige"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def _mkba(*args, cwd, **kwargs):
    return subprocess.run([sys.executable, "-m", "mkba", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, **kwargs)


def test_a_second_run_into_the_same_folder_is_refused_at_once(sandbox):
    with reserve_folder(sandbox / "reports"):  # as a first run does for its whole duration
        result = _mkba("report", "--quiet", cwd=sandbox)
    assert result.returncode == 1
    assert "een andere run van mkba schrijft nu" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (sandbox / "reports").exists()


def test_two_concurrent_runs_one_writes_the_other_is_refused(sandbox):
    args = [sys.executable, "-m", "mkba", "report", "--quiet", "--no-scenarios"]
    runs = [subprocess.Popen(args, cwd=sandbox, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = [(p.wait(timeout=120), p.stderr.read()) for p in runs]
    for p in runs:
        p.stdout.close()
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 1])  # [0, 0] only if the runs did not overlap at all
    assert all("Traceback" not in err for _, err in results)
    if codes == [0, 1]:
        assert any("een andere run van mkba schrijft nu" in err for _, err in results)
    assert (sandbox / "reports" / "index.html").is_file()
    assert sorted(p.name for p in sandbox.iterdir()) == [
        "notities.docx", "reports", "scenarios", "studies"]


@contextlib.contextmanager
def read_only(folder):
    """Make ``folder`` read-only for this user: a read-only bind mount for root (whom file
    modes do not stop), the file mode for anyone else."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, 0o755)
        return
    mount = shutil.which("mount")
    ok = mount and subprocess.run([mount, "--bind", folder, folder]).returncode == 0
    if not ok:
        pytest.skip("cannot make a read-only bind mount here")
    try:
        if subprocess.run([mount, "-o", "remount,ro,bind", folder]).returncode != 0:
            pytest.skip("cannot make a read-only bind mount here")
        yield
    finally:
        subprocess.run([shutil.which("umount"), folder], check=True)


def test_a_read_only_output_folder_is_refused_and_kept(sandbox, capsys):
    out = sandbox / "reports"
    with replace_folder(out) as tmp:
        (tmp / "index.html").write_text("vorige")
    before = snapshot(sandbox)
    with read_only(out):
        assert main(["report", "--quiet", "--no-scenarios"]) == 1
    err = capsys.readouterr().err
    assert "is alleen-lezen" in err and "Traceback" not in err
    assert snapshot(sandbox) == before  # nothing moved aside, nothing left behind
    # and a later run that may write works as usual (no hidden folder blocks it)
    assert main(["report", "--quiet", "--no-scenarios"]) == 0
    assert (out / "index.html").read_text(encoding="utf-8") != "vorige"


def test_a_read_only_parent_folder_is_a_message(sandbox, capsys):
    (sandbox / "ro").mkdir()
    before = snapshot(sandbox)
    with read_only(sandbox / "ro"):
        assert main(["import", "studies", "-o", "ro/uit"]) == 1
    err = capsys.readouterr().err
    assert "ro" in err and "Traceback" not in err
    assert snapshot(sandbox) == before


def test_a_report_of_mkba_0_1_without_marker_is_still_mkbas_own(sandbox):
    # what `mkba report` 0.1.0 wrote, before the marker file existed
    old = sandbox / "reports"
    for sub in ("tables", "figures", "data"):
        (old / sub).mkdir(parents=True)
    (old / "index.html").write_text("<html>vorig rapport 0.1</html>")
    (old / "results.json").write_text('{\n  "mkba_version": "0.1.0",\n  "lang": "nl"\n}\n')
    assert main(["report", "--quiet", "--no-scenarios"]) == 0
    assert (old / MARKER).is_file() and "vorig rapport 0.1" not in (old / "index.html").read_text()
    # the same names with something of the user's beside them are not
    (sandbox / "r2").mkdir()
    (sandbox / "r2" / "results.json").write_text('{\n  "mkba_version": "0.1.0"\n}\n')
    (sandbox / "r2" / "brief.docx").write_bytes(b"mine")
    assert main(["report", "--quiet", "--no-scenarios", "--out", "r2"]) == 1
    assert (sandbox / "r2" / "brief.docx").read_bytes() == b"mine"


def test_an_unreadable_studies_folder_is_a_message(sandbox, capsys, monkeypatch):
    # root reads any folder, so the refusal of the system is simulated where mkba lists it
    real = type(sandbox).iterdir

    def refuse(self):
        if self.name == "studies":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(type(sandbox), "iterdir", refuse)
    assert main(["validate", "studies"]) == 1
    err = capsys.readouterr().err
    assert "Permission denied" in err and "studies" in err and "Traceback" not in err


def test_files_a_killed_run_was_writing_are_removed_by_the_next(sandbox):
    assert main(["import", "studies", "-o", "uit"]) == 0
    (sandbox / "uit" / ".items.csv.k1ll3d00.tmp").write_text("half")  # as atomic_file names it
    (sandbox / "uit" / ".mijn.notities").write_text("mine")
    assert main(["import", "studies", "-o", "uit"]) == 0
    hidden = sorted(p.name for p in (sandbox / "uit").iterdir() if p.name.startswith("."))
    assert hidden == [".mijn.notities", MARKER]


def _tree(folder):
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_tables_write_their_own_folder_and_a_report_leaves_them_alone(sandbox, capsys):
    # `mkba tables` writes tables/ in the working folder by default, not reports/tables
    assert main(["tables", "--price-year", "2020"]) == 0
    # six tables, their notes and the workbook
    assert capsys.readouterr().out == "8 bestanden geschreven voor 3 studies naar tables\n"
    tables = _tree(sandbox / "tables")
    assert {"overview.csv", "headline.csv", "tables.xlsx", MARKER} <= set(tables)
    assert "command: tables" in tables[MARKER].decode()
    assert main(["report", "--quiet", "--no-scenarios"]) == 0
    report = _tree(sandbox / "reports")
    assert "command: report" in report[MARKER].decode()
    assert _tree(sandbox / "tables") == tables  # the report wrote nothing into tables/
    # a second `mkba tables` replaces its own files only; the report stays as it was
    assert main(["tables", "--price-year", "2020", "--lang", "en"]) == 0
    assert capsys.readouterr().out == "wrote 8 files for 3 studies to tables\n"
    assert _tree(sandbox / "reports") == report
    assert _tree(sandbox / "tables") != tables  # now in English
    # and again a report: both outputs intact
    assert main(["report", "--quiet", "--no-scenarios"]) == 0
    assert set(_tree(sandbox / "tables")) == set(tables)


NESTED = [
    (["tables", "--out", "reports/tables"], "reports/tables ligt in {reports}, een uitvoermap "
     "van mkba report", "reports/tables lies inside {reports}, an output folder of mkba report"),
    (["import", "studies", "-o", "reports/data"], "reports/data ligt in {reports}",
     "reports/data lies inside {reports}"),
    (["scenario", "scenarios/zwaar.toml", "--out", "reports/nieuw"], "reports/nieuw ligt in "
     "{reports}", "reports/nieuw lies inside {reports}"),
    (["tables", "--out", "reports"], "reports bevat de uitvoer van mkba report; mkba tables "
     "schrijft niet in de uitvoer van een andere opdracht",
     "reports holds the output of mkba report; mkba tables does not write into the output of "
     "another command"),
    (["import", "studies", "-o", "reports"], "reports bevat de uitvoer van mkba report",
     "reports holds the output of mkba report"),
]


@pytest.mark.parametrize(("argv", "dutch", "english"), NESTED,
                         ids=[" ".join(a) for a, _, _ in NESTED])
def test_no_command_writes_into_or_inside_the_output_of_another(sandbox, capsys, argv, dutch,
                                                                 english):
    assert main(["report", "--quiet", "--no-scenarios"]) == 0
    before = snapshot(sandbox)
    reports = str(sandbox / "reports")
    for lang, words in (("nl", dutch), ("en", english)):
        assert main([*argv, "--lang", lang]) == 1
        err = capsys.readouterr().err
        assert words.format(reports=reports) in err and "Traceback" not in err
    assert snapshot(sandbox) == before


def test_a_report_is_not_written_over_the_tables(sandbox, capsys):
    assert main(["tables"]) == 0
    capsys.readouterr()
    before = snapshot(sandbox)
    assert main(["report", "--quiet", "--out", "tables"]) == 1
    assert "tables bevat de uitvoer van mkba tables; mkba report schrijft niet in de uitvoer " \
        "van een andere opdracht" in capsys.readouterr().err
    assert main(["report", "--quiet", "--out", "tables/rapport"]) == 1
    assert "tables/rapport ligt in" in capsys.readouterr().err
    assert snapshot(sandbox) == before


def test_a_folder_marked_before_the_command_was_named_is_still_used(sandbox):
    # a marker of an earlier mkba (no "command:" line) is mkba's own for any command
    (sandbox / "uit").mkdir()
    (sandbox / "uit" / MARKER).write_text("Deze map is geschreven door mkba.\n")
    assert main(["import", "studies", "-o", "uit"]) == 0
    assert main(["tables", "--out", "uit"]) == 1  # now it is the output of mkba import
