"""The entity rules on short texts (full pipeline) and on their pure helpers."""

from __future__ import annotations

import pytest

from casegraph.extract.acronyms import is_acronym_of
from casegraph.extract.components import ENTITIES


def mentions(nlp, text):
    doc = nlp(text)
    return {(s.text, s.label_) for s in doc.spans[ENTITIES]}


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("ICSE", "International Child Sexual Exploitation", True),
        ("ICAID", "INTERPOL Child Abuse Image Database", True),
        ("ViLab", "Victim Identification Laboratory", True),
        ("EC3", "European Cybercrime Centre", True),
        ("VIDTF", "Victim Identification Taskforce", True),
        ("SIS", "Schengen Information System", True),
        ("EU", "Victim Identification", False),
        ("NCA", "Head of", False),
        ("X", "Xavier", False),  # one letter is not an acronym
    ],
)
def test_acronym_matches_its_long_form(short, long, expected):
    assert is_acronym_of(short, long) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Operation Pangea XIV was coordinated by INTERPOL in 2021.",
            {("Operation Pangea XIV", "Operation"), ("INTERPOL", "Organization")},
        ),
        (
            "Officers checked the Schengen Information System (SIS) before the arrest.",
            {("Schengen Information System (SIS)", "Database")},
        ),
        (
            "The National Cyber Crime Unit (NCCU) arrested two men. The NCCU said more will come.",
            {("National Cyber Crime Unit (NCCU)", "Organization"), ("NCCU", "Organization")},
        ),
        (
            "Experts met at the Nordic Victim Identification Taskforce in Oslo.",
            {("Nordic Victim Identification Taskforce", "Event"), ("Oslo", "Place")},
        ),
        (
            "Private sector partners such as Acmetech and Blue Harbor sponsored the event.",
            {("Acmetech", "Organization"), ("Blue Harbor", "Organization")},
        ),
        (
            "Backed by the G7, the project started after COVID restrictions ended.",
            {("G7", "Organization")},
        ),
        (
            "The Federal Police arrested Juan Perez and Maria Lopez in Madrid.",
            {
                ("Federal Police", "Organization"),
                ("Juan Perez", "Person"),
                ("Maria Lopez", "Person"),
                ("Madrid", "Place"),
            },
        ),
        (
            "Officers of the State Border Guard Service of Ukraine began a course in Warsaw.",
            {("State Border Guard Service of Ukraine", "Organization"), ("Warsaw", "Place")},
        ),
        (
            "Authorities became suspicious, said Hawks spokesperson Capt Ndivhuwo Mulamu.",
            {("Hawks", "Organization"), ("Ndivhuwo Mulamu", "Person")},
        ),
        (
            "The RCMP took part yesterday in PROJECT REPRODUCTION, a countrywide operation.",
            {("RCMP", "Organization"), ("PROJECT REPRODUCTION", "Operation")},
        ),
        (
            "MADRID, Spain – Police in Portugal and the Netherlands shared leads.",
            {
                ("MADRID", "Place"),
                ("Spain", "Place"),
                ("Portugal", "Place"),
                ("Netherlands", "Place"),
            },
        ),
        (
            # a surname alone is the person named in full, though Hassan is a town in India
            "Ali Hassan, 45, was detained in Mombasa. The FBI arrested Hassan later.",
            {("Ali Hassan", "Person"), ("Hassan", "Person"), ("Mombasa", "Place")},
        ),
        (
            "Police arrested the electrician together with his wife, Remedios Nieto Mayo.",
            {("Remedios Nieto Mayo", "Person")},
        ),
        (
            "Morabito comes from Africo in the province of Reggio Calabria.",
            {("Africo", "Place"), ("Reggio Calabria", "Place")},
        ),
        (
            "The garage is in Milladoiro, in the municipality of Ames (A Coruña).",
            {("Ames", "Place"), ("A Coruña", "Place")},
        ),
        (
            "Throughout October, Operation 30 Days at Sea mobilized some 276 agencies.",
            {("Operation 30 Days at Sea", "Operation")},
        ),
        (
            "He arrived at Murtala Muhammed International Airport on Friday.",
            {("Murtala Muhammed International Airport", "Place")},
        ),
        (
            # a standing taskforce is a body; "Nordic Victim Identification Taskforce" above
            # is a gathering
            "The Queensland Joint Organised Crime Taskforce charged two men.",
            {("Queensland Joint Organised Crime Taskforce", "Organization")},
        ),
        (
            "An indictment brought by the U.S. Attorney's Office for the Southern District of "
            "Texas accuses him.",
            {("U.S. Attorney's Office for the Southern District of Texas", "Organization")},
        ),
        (
            "Speaking after the arrests, AFP Detective Superintendent Andrew Donoghoe said so.",
            {("AFP", "Organization"), ("Andrew Donoghoe", "Person")},
        ),
        (
            "Baggaley's lawyer, Jason Grant of Grant Lawyers, argued so.",
            {("Jason Grant", "Person"), ("Grant Lawyers", "Organization")},
        ),
        (
            "Delegates came from the Democratic Republic of the Congo, Gabon and Ghana.",
            {("Democratic Republic of the Congo", "Place"), ("Gabon", "Place")},
        ),
        (
            "He lived on Stewart Road in Chelmsford and at Hingoso Farm.",
            {("Stewart Road", "Place"), ("Hingoso Farm", "Place")},
        ),
        (
            "The raid in Barangay Santo Niño, Ibaan, Batangas went well.",
            {("Barangay Santo Niño", "Place"), ("Batangas", "Place")},
        ),
        (
            # "of" without "the": one name; "the Cyber Crime Unit of the Federal Police": two
            "The General Commissariat of Judicial Police led it.",
            {("General Commissariat of Judicial Police", "Organization")},
        ),
        (
            "Agents of the National Police arrested him.",
            {("National Police", "Organization")},
        ),
        (
            "The passenger, Udogwu James Johnson, was picked up on Friday.",
            {("Udogwu James Johnson", "Person")},
        ),
        (
            "Custody orders were carried out in Apulia, Lombardy, Liguria, Veneto and Campania.",
            {("Liguria", "Place"), ("Campania", "Place")},
        ),
        (
            "A man who owns a shop in the city's Mong Kok district was arrested.",
            {("Mong Kok", "Place")},
        ),
    ],
)
def test_rules_find_typed_names(nlp, text, expected):
    assert expected <= mentions(nlp, text)


@pytest.mark.parametrize(
    ("text", "person", "not_in_name"),
    [
        (
            "Police Commissioner Jane Whitfield said the results were encouraging.",
            "Jane Whitfield",
            "Commissioner",
        ),
        (
            "The conference was opened by Governor Paul Ambrose of the island.",
            "Paul Ambrose",
            "Governor",
        ),
        ("“We will continue,” concluded Ms van Dijk.", "van Dijk", "Ms"),
    ],
)
def test_titles_are_not_part_of_a_persons_name(nlp, text, person, not_in_name):
    found = mentions(nlp, text)
    assert (person, "Person") in found
    assert not any(not_in_name in name for name, _ in found)


def test_person_named_before_a_role_and_their_unit(nlp):
    text = (
        "Marta Kowalczyk, Director, Serious and Organised Crime, called on member "
        "countries to share data."
    )
    found = mentions(nlp, text)
    assert ("Marta Kowalczyk", "Person") in found
    assert ("Serious and Organised Crime", "Organization") in found


def test_role_before_a_unit_is_not_part_of_its_name(nlp):
    found = mentions(
        nlp, "Jonas Lindqvist, Head of the European Cybercrime Centre (EC3) at Europol, spoke."
    )
    assert ("European Cybercrime Centre (EC3)", "Organization") in found
    assert ("Jonas Lindqvist", "Person") in found


def test_colour_notice_is_a_database(nlp):
    found = mentions(nlp, "The suspect was wanted under an INTERPOL Red Notice.")
    assert any(name.endswith("Red Notice") and t == "Database" for name, t in found)


def test_copula_decides_the_type(nlp):
    text = (
        "The Forensic Imaging Laboratory (FIL) was launched in 2012. The FIL is a mobile "
        "investigative tool."
    )
    assert ("FIL", "Database") in mentions(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "Mobile phones and laptops were seized during the operation.",
        "The operation was a success, the police said.",
        "Participants recommended better checks for people working with children.",
    ],
)
def test_rules_do_not_fire_on_plain_words(nlp, text):
    assert mentions(nlp, text) == set()


def test_possessive_owner_is_its_own_mention(nlp):
    found = mentions(nlp, "Administered by INTERPOL’s Crimes Against Children unit, it grew.")
    assert ("INTERPOL", "Organization") in found
    assert ("Crimes Against Children unit", "Organization") in found


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("The Bureau of Alcohol, Tobacco, Firearms and Explosives traced the guns.",
         "Bureau of Alcohol, Tobacco, Firearms and Explosives"),
        ("The Office for Drugs & Crime Prevention published a report.",
         "Office for Drugs & Crime Prevention"),
        ("Officers of the Koblenz Public Prosecutor General's Office acted.",
         "Koblenz Public Prosecutor General's Office"),
    ],
)  # fmt: skip
def test_names_with_commas_ands_or_possessives_stay_whole(nlp, text, whole):
    assert whole in {name for name, _ in mentions(nlp, text)}


def test_two_coordinated_names_are_never_one(nlp):
    found = {
        name for name, _ in mentions(nlp, "Europol and the Federal Bureau of Investigation met.")
    }
    assert "Europol" in found
    assert not any("Europol and" in name for name in found)
    # a name holding "for" still ends where "and the" starts another
    found = mentions(
        nlp,
        "The men were detained together with Italy's Central Service for International Police "
        "Cooperation and the Federal Police of Brazil.",
    )
    assert ("Central Service for International Police Cooperation", "Organization") in found
    assert not any(" and the " in name for name, _ in found)


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("Spanish and Portuguese officers arrested the men.", "Spanish"),
        ("Police Seize Record Haul In Port Raid", "Seize"),
        ("The Deputy Chief said the case was closed.", "Deputy Chief"),
        ("This system helps officers. The agency said so.", "This system"),
        ("Dutch police said the suspects were held.", "Dutch police"),
        ("Officers met at Headquarters on Monday.", "Headquarters"),
        ("Italy's Interior Minister Luciana Lamorgese praised the police.", "Interior"),
        ("Officers trained the Tajik beneficiary agencies.", "Tajik"),
        ("He was charged under the Comprehensive Dangerous Drugs Act of 2002.", "Drugs Act"),
        ("Agents of the National Police arrested him.", "Agents"),
        ("Rear Admiral Peter Laver and Sheriff Ed Gonzales spoke.", "Sheriff"),
        ("Officers of the National Police's Heritage Brigade arrested him.", "Officers"),
    ],
)
def test_demonyms_titles_and_descriptions_are_never_entities(nlp, text, not_a_name):
    assert not any(not_a_name in name for name, _ in mentions(nlp, text))


def test_a_title_case_headline_names_only_what_the_body_repeats(nlp):
    text = (
        "International Police Operation Seizes Control Of LockBit Ransomware Gang\n\n"
        "The operation, code-named Operation Cronos, was led by the NCA against LockBit."
    )
    found = mentions(nlp, text)
    assert ("Operation Cronos", "Operation") in found
    assert not any("Seizes" in name for name, _ in found)
    headline = "Operation Pandora V Nets Stolen Coins\n\nOperation Pandora V ran for months."
    assert ("Operation Pandora V", "Operation") in mentions(nlp, headline)


def test_a_capitals_headline_names_no_operation(nlp):
    text = "POLICE OPERATION NETS DRUG HAUL IN PORT\n\nOfficers seized cocaine in the port."
    assert not any(label == "Operation" for _, label in mentions(nlp, text))


def test_a_person_the_model_calls_an_organisation_reads_as_a_person(nlp):
    text = "Investigators charged Artur Sungatov and Ivan Kondratyev with the attacks."
    assert {("Artur Sungatov", "Person"), ("Ivan Kondratyev", "Person")} <= mentions(nlp, text)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        (
            'NEW YORK (AFP) - Dairo Antonio Úsuga, the Colombian drug lord known as "Otoniel", '
            "pleaded not guilty.",
            ("Dairo Antonio Úsuga", "Otoniel"),
        ),
        (
            "The case brought together the Italian Financial Corps (Guardia di Finanza) and the "
            "Hellenic Police.",
            ("Italian Financial Corps", "Guardia di Finanza"),
        ),
    ],
)
def test_a_second_name_given_with_the_first_is_the_same_entity(nlp, text, pair):
    doc = nlp(text)
    assert pair in doc._.casegraph_acronyms


def test_a_wire_credit_is_no_entity_even_when_a_gazetteer_knows_it(nlp):
    # "AFP" is also the Australian Federal Police
    found = mentions(nlp, "NEW YORK (AFP) - A Colombian drug lord pleaded not guilty.")
    assert not any(name == "AFP" for name, _ in found)


def test_a_list_of_bodies_after_commas_is_no_second_name(nlp):
    doc = nlp(
        "The taskforce brings together the Australian Federal Police (AFP), the Australian "
        "Border Force, the Queensland Police Service and the Australian Criminal Intelligence "
        "Commission."
    )
    assert ("Australian Federal Police", "Australian Border Force") not in (
        doc._.casegraph_acronyms
    )
