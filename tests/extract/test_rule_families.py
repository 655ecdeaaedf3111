"""Each relation rule on frozen parses of short sentences (no model needed: see frozen.py)."""

from __future__ import annotations

import pytest
from frozen import links

from casegraph.extract.rules import (
    agreements,
    arrests,
    coordination,
    participants,
    places,
    roles,
    units,
    verbs,
)

CASES = [
    # roles
    (
        roles.role_apposition,
        "Jane Roe, a spokesperson for the Guardia Civil, said the suspects were arrested.",
        ("Jane Roe", "worksFor", "Guardia Civil"),
    ),
    (
        roles.role_apposition,
        "Frank Tarantino, the special agent in charge of the DEA's New York Division, spoke.",
        ("Frank Tarantino", "worksFor", "New York Division"),
    ),
    (
        roles.role_before_name,
        "Kenya Police Commissioner Peter Otieno opened the event.",
        ("Peter Otieno", "worksFor", "Kenya Police"),
    ),
    (
        roles.role_before_name,
        "Italy's Interior Minister Luciana Lamorgese praised the investigators.",
        ("Luciana Lamorgese", "worksFor", "Italy"),
    ),
    (
        roles.role_in_clause,
        "Jane Roe owns a restaurant in Dar es Salaam and is secretary general of the Tanzania "
        "China-Africa Business Council.",
        ("Jane Roe", "worksFor", "Tanzania China-Africa Business Council"),
    ),
    (
        roles.role_before_name,
        "STF Justice Jane Roe authorised the transfer.",
        ("Jane Roe", "worksFor", "STF"),
    ),
    (
        roles.name_of_org,
        "Detective Inspector Jane Roe of the Metropolitan Police said two men were charged.",
        ("Jane Roe", "worksFor", "Metropolitan Police"),
    ),
    (
        roles.role_then_name,
        "Europol's Executive Director, Catherine De Bolle, said the results were strong.",
        ("Catherine De Bolle", "worksFor", "Europol"),
    ),
    (
        roles.role_then_name,
        "The head of the National Crime Agency, Graeme Biggar, welcomed the arrests.",
        ("Graeme Biggar", "worksFor", "National Crime Agency"),
    ),
    (
        roles.role_in_clause,
        "The College elected Mr Michael Schmid as President of Eurojust.",
        ("Michael Schmid", "worksFor", "Eurojust"),
    ),
    (
        roles.affiliated,
        "Daniel Zago, a Brazilian national said to be connected to the Primeiro Comando da "
        "Capital, was arrested.",
        ("Daniel Zago", "worksFor", "Primeiro Comando da Capital"),
    ),
    # units
    (
        units.possessive_owner,
        "Analysts of Europol's European Migrant Smuggling Centre traced the boats.",
        ("European Migrant Smuggling Centre", "parentOrganization", "Europol"),
    ),
    (
        units.owner_in_name,
        "The NCA National Cyber Crime Unit led the case.",
        ("NCA National Cyber Crime Unit", "parentOrganization", "institution:nca"),
    ),
    (
        units.unit_at_owner,
        "The Central Cybercrime Office at the Koblenz Public Prosecutor General's Office said so.",
        (
            "Central Cybercrime Office",
            "parentOrganization",
            "Koblenz Public Prosecutor General's Office",
        ),
    ),
    (
        units.part_of,
        "Border Force and Immigration Enforcement are part of the Home Office.",
        ("Immigration Enforcement", "parentOrganization", "Home Office"),
    ),
    (
        units.of_owner_in_name,
        "The College of Eurojust today elected a new President.",
        ("College of Eurojust", "parentOrganization", "institution:eurojust"),
    ),
    # coordination
    (
        coordination.led_by_compound,
        "The INTERPOL-led operation, codenamed Pangea, targeted fake medicines.",
        ("Pangea", "organizer", "INTERPOL"),
    ),
    (
        coordination.under_umbrella,
        "Operation Pangea ran under the umbrella of the World Customs Organization.",
        ("Operation Pangea", "organizer", "World Customs Organization"),
    ),
    (
        coordination.owner_of_description,
        "A joint Europol operation, dubbed Atlas, began in May.",
        ("Atlas", "organizer", "Europol"),
    ),
    # verbs
    (
        verbs.verb_relations,
        "Operation Trigger was coordinated by INTERPOL in 2020.",
        ("Operation Trigger", "organizer", "INTERPOL"),
    ),
    (
        verbs.verb_relations,
        "Operation Atlas was carried out by the Guardia Civil and supported by Europol.",
        ("Operation Atlas", "participant", "Europol"),
    ),
    (
        arrests.arrested_by,
        "The FBI arrested John Smith in Madrid.",
        ("John Smith", "arrested", "FBI"),
    ),
    (
        verbs.verb_relations,
        "Operation Atlas began in May. The action was coordinated by Europol and Eurojust.",
        ("Operation Atlas", "organizer", "Eurojust"),
    ),
    # participants
    (
        participants.participants_from,
        "Officers from Austria, Belgium and the Netherlands took part in Operation Atlas.",
        ("Operation Atlas", "participant", "Netherlands"),
    ),
    (
        participants.with_support_of,
        "Operation Atlas ended with the support of Europol and Eurojust.",
        ("Operation Atlas", "participant", "Eurojust"),
    ),
    (
        participants.listed_after_colon,
        "Countries taking part in Operation Atlas: Spain, France and Portugal.",
        ("Operation Atlas", "participant", "Portugal"),
    ),
    # places
    (
        places.based_in,
        "Europol, based in The Hague, supports member states.",
        ("Europol", "location", "Hague"),
    ),
    (
        places.based_in,
        "The Lyon-based INTERPOL issued a notice.",
        ("INTERPOL", "location", "Lyon"),
    ),
    (
        places.person_from,
        "Christopher Kennedy, 24, from County Armagh, received seven years.",
        ("Christopher Kennedy", "location", "County Armagh"),
    ),
    (
        places.stays_in,
        "Mikhail Vasiliev is in custody in Canada.",
        ("Mikhail Vasiliev", "location", "Canada"),
    ),
    (
        places.name_place,
        "The Royal Malaysia Police worked with police in Malaysia.",
        ("Royal Malaysia Police", "areaServed", "country:MY"),
    ),
    (
        places.place_in_place,
        "MADRID, Spain – Police arrested ten people.",
        ("MADRID", "containedInPlace", "Spain"),
    ),
    (
        places.did_there,
        "Police questioned the friends of Amedy Coulibaly, the gunman who seized a supermarket "
        "in eastern Paris.",
        ("Amedy Coulibaly", "location", "Paris"),
    ),
    (
        places.described_by_place,
        "The Guadalajara Cartel was one of Latin America's most powerful drug organizations.",
        ("Guadalajara Cartel", "location", "Latin America"),
    ),
    # agreements, membership, arrests
    (
        agreements.agreement,
        "Europol signed a working arrangement with the Central Bureau of Investigation.",
        ("Europol", "agreementWith", "Central Bureau of Investigation"),
    ),
    (
        agreements.member_of,
        "Kenya is a member of AFRIPOL.",
        ("Kenya", "memberOf", "AFRIPOL"),
    ),
    (
        agreements.member_lists,
        "INTERPOL's member countries include Kenya, Uganda and Tanzania.",
        ("Tanzania", "memberOf", "INTERPOL"),
    ),
    (
        agreements.member_lists,
        "ASEANAPOL met. The conference rotates among the member countries – Brunei, Cambodia "
        "and Vietnam.",
        ("Cambodia", "memberOf", "ASEANAPOL"),
    ),
    (
        arrests.arrest_of,
        "Operation Atlas led to the arrest of John Smith in Spain.",
        ("John Smith", "arrested", "Operation Atlas"),
    ),
    (
        arrests.arrested_by,
        "John Smith was arrested on Monday by officers of the Hellenic Police.",
        ("John Smith", "arrested", "Hellenic Police"),
    ),
    (
        arrests.arrested_by,
        "The Guardia Civil said it had arrested John Smith.",
        ("John Smith", "arrested", "Guardia Civil"),
    ),
    (
        arrests.arrested_by,
        "During Operation Trident, police arrested John Smith.",
        ("John Smith", "arrested", "Operation Trident"),
    ),
    (
        arrests.arrested_by,
        "Essex Police opened the case in May. On Monday, police arrested John Smith, 45.",
        ("John Smith", "arrested", "Essex Police"),
    ),
    (
        arrests.arrested_by,
        "John Smith, who was arrested by the Hawks in 2014, was sentenced on Friday.",
        ("John Smith", "arrested", "Hawks"),
    ),
    (
        arrests.arrested_by,
        "John Smith was taken into custody by the FBI on Monday.",
        ("John Smith", "arrested", "FBI"),
    ),
    (
        arrests.arrested_by,
        "The Guardia Civil said officers had arrested John Smith in Malaga.",
        ("John Smith", "arrested", "Guardia Civil"),
    ),
    (
        arrests.arrested_by,
        "Hong Kong Customs seized cocaine. Two passengers, John Smith and Mary Roe, were arrested.",
        ("Mary Roe", "arrested", "Hong Kong Customs"),
    ),
    (
        arrests.arrested_by,
        "Police arrested John Smith in Mombasa. Kenya Police Service spokesman Bruno Shioso "
        "confirmed it.",
        ("John Smith", "arrested", "Kenya Police Service"),
    ),
    (
        verbs.verb_relations,
        "Operation Phobos Aetor brought together agencies from 14 countries and was supported "
        "by Europol and Eurojust.",
        ("Operation Phobos Aetor", "participant", "Eurojust"),
    ),
    (
        participants.with_support_of,
        "Operation Astrolabio was run by the Guardia di Finanza, with coordination from Eurojust.",
        ("Operation Astrolabio", "organizer", "Eurojust"),
    ),
    (
        participants.brings_together,
        "The men were arrested by members of the Queensland Joint Organised Crime Taskforce "
        "(QJOCTF), which brings together the Australian Federal Police and the Queensland Police "
        "Service.",
        (
            "Queensland Police Service",
            "memberOf",
            "Queensland Joint Organised Crime Taskforce (QJOCTF)",
        ),
    ),
    (
        participants.brings_together,
        "Operation Astrolabio was big. The investigation brought together the Hellenic Police and "
        "the Guardia di Finanza.",
        ("Operation Astrolabio", "participant", "Hellenic Police"),
    ),
    (
        participants.were_represented,
        "The Caribbean Security Conference opened in May. Belize, Grenada and Guyana were "
        "represented.",
        ("Caribbean Security Conference", "participant", "Grenada"),
    ),
    (
        places.arrested_in,
        "A student of the Abubakar Tafawa Balewa University, Ali Mohammed, was arrested on "
        "Thursday at a motor park in Iddo.",
        ("Ali Mohammed", "location", "Iddo"),
    ),
    (
        places.arrested_in,
        "John Smith was taken into custody in Nairobi on Monday.",
        ("John Smith", "location", "Nairobi"),
    ),
    (
        places.place_part_of_place,
        "Mr John Smith, 33, who lives in Ntinda, a Kampala suburb, was held.",
        ("Ntinda", "containedInPlace", "Kampala"),
    ),
    (
        participants.results_by_country,
        "Operation Atlas ran in October. In Albania, officials averted an environmental disaster.",
        ("Operation Atlas", "participant", "Albania"),
    ),
    (
        arrests.arrested_by,
        "Officers from the Uganda Revenue Authority took John Smith off a flight on Saturday.",
        ("John Smith", "arrested", "Uganda Revenue Authority"),
    ),
    (
        places.place_part_of_place,
        "Draper, 53, from the Sydney suburb of Balgowlah, was denied bail.",
        ("Balgowlah", "containedInPlace", "Sydney"),
    ),
    (
        places.place_part_of_place,
        "He was picked up in Segerea, a suburb of Dar es Salaam, by officers.",
        ("Segerea", "containedInPlace", "Dar es Salaam"),
    ),
    (
        places.place_part_of_place,
        "Police led him from his home in the Westend district of Frankfurt.",
        ("Westend", "containedInPlace", "Frankfurt"),
    ),
    (
        places.place_part_of_place,
        "The garage is in Milladoiro, in the municipality of Ames (A Coruña).",
        ("Ames", "containedInPlace", "A Coruña"),
    ),
    (
        places.place_part_of_place,
        "He was held in João Pessoa, a coastal city in northeastern Brazil.",
        ("João Pessoa", "containedInPlace", "Brazil"),
    ),
    (
        places.located_in,
        "Operation Atlas began in May. Police searched homes in Madrid.",
        ("Operation Atlas", "location", "Madrid"),
    ),
    (
        arrests.arrested_by,
        "Officers of the Historical Heritage Brigade arrested the man on Tuesday, together with "
        "his wife, Mary Roe.",
        ("Mary Roe", "arrested", "Historical Heritage Brigade"),
    ),
    (
        arrests.arrested_by,
        "The arrests were carried out by the Federal Criminal Police Office with help from the "
        "Federal Police. Jane Doe was also arrested.",
        ("Jane Doe", "arrested", "Federal Criminal Police Office"),
    ),
    (
        arrests.arrested_by,
        "Kenya Police Service officers arrested two men: John Smith and Peter Brown.",
        ("Peter Brown", "arrested", "Kenya Police Service"),
    ),
    (
        arrests.in_custody,
        "The Hawks said John Smith was among those arrested.",
        ("John Smith", "arrested", "Hawks"),
    ),
    (
        arrests.arrested_by,
        "The FBI opened a case in May. John Smith was arrested in Dubai in June.",
        ("John Smith", "arrested", "FBI"),
    ),
    (
        arrests.in_custody,
        "Essex Police said two others, John Smith and Peter Brown, remain in custody.",
        ("Peter Brown", "arrested", "Essex Police"),
    ),
    (
        arrests.in_custody,
        "The arrests were carried out by the Federal Criminal Police Office. Also in custody is "
        "the second alleged ringleader, John Smith.",
        ("John Smith", "arrested", "Federal Criminal Police Office"),
    ),
    (
        arrests.arrest_of,
        "John Smith's arrest by the Hawks followed a tip-off.",
        ("John Smith", "arrested", "Hawks"),
    ),
    (
        arrests.arrest_of,
        "Hong Kong Customs seized cocaine. The seizure led to the arrest of John Smith.",
        ("John Smith", "arrested", "Hong Kong Customs"),
    ),
    # fronted participles: the clause ends before the main clause's subject
    (
        verbs.participial_front,
        "Led by the Spanish Civil Guard and supported by Europol, INTERPOL and the World "
        "Customs Organization, Operation Pandora V ran from June to October.",
        ("Operation Pandora V", "participant", "INTERPOL"),
    ),
    (
        verbs.participial_front,
        "Led by the Spanish Civil Guard and supported by Europol, INTERPOL and the World "
        "Customs Organization, Operation Pandora V ran from June to October.",
        ("Operation Pandora V", "organizer", "Spanish Civil Guard"),
    ),
    (
        verbs.verb_relations,
        "Operation Cronos began in 2022. It was coordinated at the European level by Eurojust.",
        ("Operation Cronos", "organizer", "Eurojust"),
    ),
    (
        participants.worked_together,
        "Operation Cronos was led by the NCA, which worked closely with the FBI.",
        ("Operation Cronos", "participant", "FBI"),
    ),
    (
        places.place_wide,
        "More than 500 objects were seized in the Europe-wide Operation Pandora V last year.",
        ("Operation Pandora V", "location", "Europe"),
    ),
    (
        places.name_place,
        "The Ontario Provincial Police (OPP) searched homes in Ontario.",
        ("Ontario Provincial Police (OPP)", "areaServed", "Ontario"),
    ),
    (
        places.name_place,
        "The Hamburg Main Customs Office opened five containers.",
        ("Hamburg Main Customs Office", "areaServed", "city:hamburg"),
    ),
    (
        places.name_place,
        "The Royal Canadian Mounted Police (RCMP) took part in the operation.",
        ("Royal Canadian Mounted Police (RCMP)", "areaServed", "country:CA"),
    ),
    (
        roles.role_before_name,
        "Mexico's Attorney General Alejandro Gertz Manero and Security Secretary Omar García "
        "Harfuch spoke.",
        ("Omar García Harfuch", "worksFor", "Mexico"),
    ),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_rule_finds_the_stated_relation(rule, text, expected):
    assert expected in links(rule, text)


NOT_STATED = [
    (places.name_place, "Qatar Airways flew the suspects to Doha."),
    (places.place_in_place, "Alberta, British Columbia, Nova Scotia and Manitoba took part."),
    (places.place_part_of_place, "Officials from Spain, Italy and France attended."),
    (places.place_part_of_place, "Flights from Lagos to Dubai in the morning were stopped."),
    (
        agreements.agreement,
        "India's Central Bureau of Investigation signed an agreement with Europol.",
    ),
    (roles.role_apposition, "Michael Brown, 45, said the results were encouraging."),
    (participants.participants_from, "Investigators from Spain exchanged information."),
    (participants.worked_together, "LockBit worked as a business renting its software."),
    (arrests.arrested_by, "Reuters reported that police arrested John Smith."),
    (arrests.arrested_by, "Police did not arrest John Smith."),
    (arrests.arrested_by, "Europol said John Smith was arrested."),
    (
        participants.results_by_country,
        "Operation Atlas ran in October. In Spain, the suspect escaped from a flat.",
    ),
    (arrests.arrested_by, "Europol opened a case in May. John Smith was arrested in June."),
    (
        # an operation named in passing, late, is not what the article's clauses are about
        places.located_in,
        "Police searched homes in Madrid. The man is 40. He was born in Lyon. He lived in Rome. "
        "He moved often. His name surfaced in Operation Atlas. Police searched homes in Rio.",
    ),
    (places.name_place, "Qatar Airways flew from Doha to Berlin."),
]


@pytest.mark.parametrize(("rule", "text"), NOT_STATED, ids=[c[0].__name__ for c in NOT_STATED])
def test_rule_does_not_invent_a_relation(rule, text):
    found = links(rule, text)
    if rule is agreements.agreement:  # the parties are the bureau and Europol, not India
        assert not any("India" in (s, o) for s, _, o in found)
    else:
        assert not found
