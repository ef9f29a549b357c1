"""Promote the relation corpus's ``NEW:`` actors into the knowledge base (issue 13).

Every annotation file under ``data/relations/annotations`` may declare actors the knowledge base
lacked (``new_actors``, ids ``NEW:<slug>``). This script

- ``report``: lists every declared slug with its declarations (annotator, name, kind, parent), the
  texts its mentions have, what the knowledge base already finds for those names, and the decision
  below (a KB id, or kept ``NEW:`` with the reason);
- ``persons``: prints the ``people.yaml`` lines for the persons promoted (name, parent, aliases from
  the other declared names and the full-name forms the documents use, ASCII spellings);
- ``check``: fails when a decision points at an id the knowledge base does not have, or a declared
  slug has no decision;
- ``rewrite``: replaces each promoted slug by its KB id everywhere in every annotation file
  (mentions, pairs' actors, relations' source/target, new actors' parents) and removes the promoted
  actors from ``new_actors``. ``--keep-variants`` leaves apart the slugs that two annotators chose
  for one actor (their KB id gets a ``#slug`` suffix), which shows the rewrite alone leaves the
  agreement figures as they were.

The decisions are facts read from the sentences where each actor occurs (``documents.jsonl``). The
same table is the record of which declarations stay ``NEW:`` and why. The tables below hold the first
three promotions; later decisions are data in ``promote_new_actors.decisions.json`` beside this
script, which the script loads into the same tables.

Run from a checkout: ``PYTHONPATH=src python scripts/promote_new_actors.py report``. After the
rewrite the annotation files hold only the slugs kept ``NEW:``; ``report``, ``persons`` and ``check``
over the promoted ones read the files as they were (``--dir`` a copy of
``git show 292c6bb:data/relations/annotations/<file>``).
"""

from __future__ import annotations

import argparse
import collections
import copy
import functools
import json
import sys
import unicodedata
from pathlib import Path

from allegiance.actors.kb import load_knowledge_base
from allegiance.relations.corpus_validate import known_ids

ANNOTATIONS = Path("data/relations/annotations")

#: Declarations that stay ``NEW:``: not knowledge-base material, with the reason.
KEEP: dict[str, str] = {
    "anti_houthi_coalition_yemen": "a description ('coalition'), no name",
    "foreign_forces_in_afghanistan": "a description ('foreign forces')",
    "iraqi_militias": "a description ('Iraqi militias associated with Iran')",
    "south_yemen": "an independence goal, not an acting state",
    "kurdish_members_of_parliament": "a description of some members of parliament",
    "sunni_members_of_parliament": "a description of some members of parliament",
    "state_constitution_parties": "a description ('several state Constitution parties')",
    "national_hurricane_center": "technical agency, not marked (4.1a); the adjudication drops it",
    "palm_beach_county": "local authority giving warnings, not marked (4.1a); the adjudication drops it",
    "new_jersey": "'New Jersey' is a not_actors phrase of places.yaml (it contains 'Jersey')",
    "new_mexico": "'New Mexico' is a not_actors phrase of places.yaml (it contains 'Mexico')",
    "omani_royal_council": "'a royal council': the text gives no name to record",
    "us_federal_regulators": "a description ('federal regulators')",
    "ex_muslim_organisations": "a description ('other ex-Muslim organisations')",
    "new_york_democratic_prosecutors": "a description in a quote ('Democrat prosecutors')",
    "sixteen_states": "a group defined by one lawsuit (4.4 group actor)",
    "us_led_coalition": "a description ('coalition') of the 2003 invasion forces",
    "anti_alcohol_movement": "a description ('the anti-alcohol movement')",
    "anti_brexit_marchers": "a crowd of one march (4.1b)",
    "anti_brexit_protesters": "a crowd of one march (4.1b)",
    "anti_government_protesters": "a crowd of one protest wave (4.1b)",
    "iraqi_anti_government_protesters": "a crowd of one protest wave (4.1b)",
    "anti_lockdown_protesters": "a crowd (4.1b)",
    "black_lives_matter_supporters": "a crowd ('supporters', 4.1b)",
    "brexit_movement": "a description ('the Brexit movement')",
    "counter_protesters": "a crowd of one rally (4.1b)",
    "hong_kong_protesters": "a crowd (4.1b)",
    "iranian_revolutionaries_1979": "a description ('revolutionaries')",
    "pro_life_movement": "a description ('the pro-life movement')",
    "pro_trump_protesters": "a crowd of one rally (4.1b)",
    "wesley_clark_supporters": "a description ('supporters')",
    "australian_ex_muslim_group": "unnamed ('the Australian ex-Muslim group')",
    "trump_ukraine_whistleblower": "unnamed person ('whistleblower')",
    # second promotion (2026-12-02): declarations of the third and fourth annotation rounds
    "a_day_without_immigrants_protesters": "a crowd or supporters of one cause (4.1b)",
    "african_and_asian_nationalist_movements": "a description ('nationalist movements in Africa and Asia')",
    "american_annexationists": "a description ('advocates of annexing the Philippines')",
    "american_anti_chinese_advocates": "a description ('advocates of anti-Chinese legislation')",
    "american_anti_fascist_protesters": "a crowd or supporters of one cause (4.1b)",
    "american_anti_imperialists": "a description ('opponents of US colonial rule')",
    "american_colonists": "a description ('American colonists'), a population",
    "american_conservatives": "a description ('American conservatives'), an ideological camp",
    "american_indians": "a description ('American Indians'), many nations",
    "anti_apartheid_grassroots_movements": "a description ('anti-Apartheid grassroots movements in Europe and the United States')",
    "anti_apartheid_leaders": "a description ('anti-Apartheid leaders')",
    "anti_caa_protesters": "a crowd or supporters of one cause (4.1b)",
    "anti_macron_protesters": "a crowd or supporters of one cause (4.1b)",
    "anti_mugabe_protesters": "a crowd or supporters of one cause (4.1b)",
    "anti_rossello_protesters": "a crowd or supporters of one cause (4.1b)",
    "anti_treaty_senators": "a description ('Senators opposed to the treaty')",
    "australian_anti_morrison_protesters": "a crowd or supporters of one cause (4.1b)",
    "bandung_conference_participants": "a description ('participants of the Bandung')",
    "bandung_invited_nations": "a description ('twenty-four further nations brought to the Bandung Conference')",
    "barbary_states": "a description ('the Barbary States'), several states (Algiers, Tunis, Tripoli, Morocco)",
    "black_south_africans": "a description ('black South Africans')",
    "bolivian_mutinous_police": "a description ('police officers joining the protests')",
    "british_bereaved_military_families": "a description ('families of British soldiers killed')",
    "british_far_right_protesters": "a crowd or supporters of one cause (4.1b)",
    "british_north_american_colonies": "a description ('British North American colonies'), many colonies",
    "british_pacifists": "a description ('British pacifists')",
    "cambodian_opposition": "a description ('the Cambodian opposition'); the party it names is its own actor",
    "catalan_opposition": "a description ('the opposition in the Parliament of Catalonia')",
    "central_american_nations": "a description ('Central American nations')",
    "chilean_anti_government_protesters": "a crowd or supporters of one cause (4.1b)",
    "chinese_constitutional_monarchists": "a description ('constitutional monarchists'), an ideological camp",
    "chinese_nationalist_generals": "a description ('group of Chinese generals')",
    "chinese_revolutionaries": "a description ('Chinese revolutionaries')",
    "chinese_warlords": "a description ('Chinese warlords'), many",
    "coalition_against_terror": "a description ('coalition against terror')",
    "colombian_anti_education_cuts_protesters": "a crowd or supporters of one cause (4.1b)",
    "colonial_governments": "a description ('colonial governments')",
    "colonized_peoples": "a description ('colonized peoples')",
    "commonwealth_realms": "a description ('Commonwealth realms'), a class of states",
    "communism": "an ideology ('Communism'), not an actor with a seat",
    "communist_bloc": "a description ('communist bloc')",
    "communists": "a description ('communists')",
    "cuban_exile_brigade": "a description ('brigade of Cuban exiles')",
    "egyptian_anti_government_protesters": "a crowd or supporters of one cause (4.1b)",
    "egyptian_opposition": "a description ('Egyptian opposition leaders')",
    "eight_nation_alliance": "a description ('the powers in China, 1900')",
    "eritrean_rebels": "a description ('Eritrean rebels'), several fronts",
    "european_governments": "a description ('European governments')",
    "european_nations": "a description ('European nations')",
    "european_radicals": "a description ('European radicals')",
    "european_settlers": "a description ('European settlers')",
    "fifteen_states_and_district_of_columbia": "a group defined by one lawsuit (4.4 group actor)",
    "filipino_nationalists": "a description ('Filipino nationalists'); their government is its own actor (Philippine Republic)",
    "four_state_democratic_parties": "a description ('four state Democratic Parties')",
    "free_europe": "a description ('Free Europe'), Cold War rhetoric",
    "free_world": "a description ('the free world')",
    "french_canadians": "a description ('the French Canadian population')",
    "hague_peace_conference": "a conference (an event), not an actor with a seat",
    "have_no_fear": "slogan of a group the text does not name further ('Have no fear')",
    "hong_kong_pro_democracy_protesters": "a crowd or supporters of one cause (4.1b)",
    "hong_kong_pro_uyghur_protesters": "a crowd or supporters of one cause (4.1b)",
    "indian_police": "a description ('Indian police'), many state forces",
    "iraqi_insurgents": "a description ('Iraqi insurgents'), many groups",
    "irish_legislators": "a description ('Irish legislators')",
    "israeli_opposition": "a description ('the opposition in the Knesset')",
    "jamaican_maroons": "a description ('communities of escaped slaves in Jamaica')",
    "jamaican_slaveholders": "a description ('Jamaican slaveholders')",
    "jat_protesters": "a crowd or supporters of one cause (4.1b)",
    "kenyan_anti_mp_pay_rise_protesters": "a crowd or supporters of one cause (4.1b)",
    "kenyan_anti_wage_hike_protesters": "a crowd or supporters of one cause (4.1b)",
    "leading_european_nations": "a description ('leading European nations')",
    "libyan_revolutionaries": "a description ('former rebel brigades'), many militias",
    "london_naval_treaty_signatories": "a description ('governments party to the London naval pact')",
    "louverture_rivals": "a description (\"L'Ouverture's rivals\")",
    "magnitsky_list_officials": "a description ('officials on the Magnitsky list')",
    "moldovan_pro_european_parties": "a description (\"Moldova's pro-European parties\")",
    "nations_of_the_americas": "a description ('nations of the two Americas')",
    "nations_of_this_hemisphere": "a description ('nations of this Hemisphere')",
    "nearly_200_nations": "a description ('nearly 200 nations')",
    "new_englanders": "a description ('Calvinist New Englanders')",
    "nicaraguan_catholic_leadership": "a description ('the Nicaraguan Catholic leadership')",
    "nicaraguan_moderate_opposition": "a description ('the moderate opposition')",
    "nicaraguan_opposition": "a description (\"Ortega's opponents\")",
    "nicaraguan_revolutionaries": "a description ('Nicaraguan revolutionaries')",
    "nigerian_million_woman_march_protesters": "a crowd or supporters of one cause (4.1b)",
    "nsc_vance_faction": "a description ('the Vance faction'), one administration's camp named by a person",
    "ogaden_somali_insurgents": "a description ('ethnic Somali insurgents in the Ogaden')",
    "ohio_valley_indians": "a description ('Indians in the upper Ohio valley'), many nations",
    "omani_high_military_council": "a description ('a high military council'), no name",
    "omani_royal_family": "a description ('the Omani royal family')",
    "overseas_chinese": "a description ('Chinese living overseas')",
    "portuguese_opposition": "a description ('Portuguese opposition politicians')",
    "potosi_protesters": "a crowd or supporters of one cause (4.1b)",
    "powers": "a description ('the powers')",
    "pti_supporters": "a crowd or supporters of one cause (4.1b)",
    "republican_party_leadership": "a description ('the Republican leadership'); its members are persons and the party",
    "richard_spencer_supporters": "a crowd or supporters of one cause (4.1b)",
    "russian_anti_war_protesters": "a crowd or supporters of one cause (4.1b)",
    "russian_de_facto_governments": "a description ('de facto governments within Russia')",
    "sharpeville_protesters": "a crowd or supporters of one cause (4.1b)",
    "south_african_non_whites": "a description ('non-whites in South Africa')",
    "south_american_nations": "a description ('South American nations')",
    "south_korean_opposition": "a description ('the parliamentary opposition')",
    "southern_african_regional_leaders": "a description ('regional leaders')",
    "soviet_communist_allies": "a description ('Communist allies of the Soviet Union')",
    "spanish_left_wing_parties": "a description ('Spanish left-wing parties')",
    "spanish_regional_nationalists": "a description ('regional nationalist parties')",
    "st_domingue_slave_rebellion": "a description ('the slave rebellion'), an event and its fighters",
    "st_domingue_slaveowners": "a description ('slaveowners of St. Domingue')",
    "st_domingue_white_forces": "a description ('white forces in St. Domingue')",
    "state_republican_parties": "a description ('state Republican Parties')",
    "strongest_foreign_powers": "a description ('the strongest of foreign powers')",
    "terror_networks": "a description ('terror networks')",
    "thai_anti_government_protesters": "a crowd or supporters of one cause (4.1b)",
    "togolese_anti_government_protesters": "a crowd or supporters of one cause (4.1b)",
    "tunisian_economic_protesters": "a crowd or supporters of one cause (4.1b)",
    "tunisian_police": "a description ('Tunisian police')",
    "tunisian_secular_opposition": "a description ('the secular opposition')",
    "ukrainian_anti_government_protesters": "a crowd or supporters of one cause (4.1b)",
    "ukrainian_pro_european_protesters": "a crowd or supporters of one cause (4.1b)",
    "us_allies_in_europe_and_asia": "a description ('traditional US alliances in Europe and Asia')",
    "us_european_allies": "a description ('European allies of the United States')",
    "us_partners_in_middle_east": "a description ('US partners in the Middle East')",
    "us_states": "a description ('US state governments'), collectively",
    "uyghurs": "a people ('Uyghur Muslims'), not an organised actor with a seat",
    "venezuelan_anti_government_protesters": "a crowd or supporters of one cause (4.1b)",
    "venezuelan_opposition": "a description ('the Venezuelan opposition'), many parties",
    "venezuelan_state_media": "a description ('state broadcasters')",
    "virginia_elite": "a description ('the Virginia elite')",
    "western_allies": "a description ('the Western Allies'), a wartime camp without a seat",
    "western_hemisphere_nations": "a description ('nations of the Western Hemisphere')",
    "western_powers": "a description ('Western powers')",
    "yugoslav_constituent_republics": "a description ('constituent states')",
}

#: Non-person declarations promoted, slug -> KB id (entries written in the YAML files).
PROMOTE: dict[str, str] = {
    # already in the knowledge base
    "amnesty_international": "AMNESTY",
    "aam_aadmi_party": "IND-AAP",
    "alliance_party_of_northern_ireland": "GBR-ALLIANCE-NI",
    "green_party_us": "USA-GREEN",
    "libertarian_party": "USA-LIBERTARIAN",
    "libertarian_party_us": "USA-LIBERTARIAN",
    # new entries
    "alliance_party": "USA-ALLIANCE",  # De La Fuente's party (US), not Northern Ireland's
    "louisiana_national_guard": "US-LA-GUARD",
    "afg_interior_ministry": "AFG-INTERIOR",
    "afghan_interior_ministry": "AFG-INTERIOR",
    "afg_national_directorate_of_security": "AFG-NDS",
    "afghan_national_directorate_of_security": "AFG-NDS",
    "afghan_security_forces": "AFG-ANDSF",
    "argentine_national_congress": "ARG-CONGRESS",
    "argentine_senate": "ARG-SENATE",
    "australian_house_of_representatives": "AUS-HOUSE",
    "victorian_legislative_council": "AU-VIC-LC",
    "french_parliament": "FRA-PARLIAMENT",
    "swedish_parliament": "SWE-RIKSDAG",
    "iraqi_parliament": "IRQ-PARLIAMENT",
    "iraqi_foreign_ministry": "IRQ-MFA",
    "lok_sabha": "IND-LOKSABHA",
    "rajya_sabha": "IND-RAJYASABHA",
    "goa_government": "IN-GA",
    "hong_kong_police": "HKG-POLICE",
    "tyumen_oblast": "RU-TYU",
    "puerto_rico_house": "PRI-HOUSE",
    "puerto_rico_house_of_representatives": "PRI-HOUSE",
    "puerto_rico_senate": "PRI-SENATE",
    "general_services_administration": "USA-GSA",
    "internal_revenue_service": "USA-IRS",
    "uscirf": "USA-USCIRF",
    "house_foreign_affairs_committee": "USA-HOUSE-FOREIGN",
    "house_intelligence_committee": "USA-HOUSE-INTEL",
    "house_judiciary_committee": "USA-HOUSE-JUDICIARY",
    "house_oversight_and_reform_committee": "USA-HOUSE-OVERSIGHT",
    "house_oversight_committee": "USA-HOUSE-OVERSIGHT",
    "house_select_committee_on_benghazi": "USA-HOUSE-BENGHAZI",
    "united_states_house_select_committee_on_benghazi": "USA-HOUSE-BENGHAZI",
    "house_ways_and_means_committee": "USA-HOUSE-WAYSMEANS",
    "arizona": "US-AZ", "colorado": "US-CO", "connecticut": "US-CT", "delaware": "US-DE",
    "florida": "US-FL", "hawaii": "US-HI", "illinois": "US-IL", "louisiana": "US-LA",
    "maine": "US-ME", "maryland": "US-MD", "michigan": "US-MI", "minnesota": "US-MN",
    "nevada": "US-NV", "new_york": "US-NY", "new_york_state": "US-NY", "ohio": "US-OH",
    "oregon": "US-OR", "pennsylvania": "US-PA", "virginia": "US-VA",
    "maryland_general_assembly": "US-MD-ASSEMBLY",
    "manhattan_da_office": "US-NY-MANHATTAN-DA",
    "new_orleans": "US-LA-NEW-ORLEANS",
    "jefferson_parish": "US-LA-JEFFERSON",
    "seattle_city_government": "US-WA-SEATTLE",
    "commission_on_presidential_debates": "USA-CPD",
    "black_voices_for_trump": "USA-BLACK-VOICES-FOR-TRUMP",
    "trump_campaign": "USA-CAMPAIGN-TRUMP",
    "biden_campaign": "USA-CAMPAIGN-BIDEN-2020",
    "de_la_fuente_campaign": "USA-CAMPAIGN-DE-LA-FUENTE-2020",
    "combined_joint_task_force_operation_inherent_resolve": "CJTF-OIR",
    "global_coalition_to_defeat_isis": "COALITION-DEFEAT-ISIS",
    "interpol": "INTERPOL",
    "unesco": "UNESCO",
    "world_heritage_committee": "UNESCO-WHC",
    "chaz_chop": "USA-CHAZ",
    "fridays_for_future": "FRIDAYSFORFUTURE",
    "peoples_vote": "GBR-PEOPLESVOTE",
    "southern_transitional_council": "YEM-STC",
    "cemb": "GBR-CEMB",
    "exmna": "EXMNA",
    "faithless_hijabi": "FAITHLESSHIJABI",
    "george_l_pennock_trust": "USA-PENNOCK-TRUST",
    "american_delta_party": "USA-DELTA",
    "american_independent_party": "USA-AIP",
    "american_solidarity_party": "USA-ASP",
    "austrian_greens": "AUT-GRUENE",
    "birthday_party": "USA-BIRTHDAY",
    "bread_and_roses_party": "USA-BREAD-AND-ROSES",
    "co_operative_commonwealth_federation": "CAN-CCF",
    "constitution_party": "USA-CONSTITUTION",
    "constitution_party_of_idaho": "USA-CONSTITUTION-ID",
    "michigan_taxpayers_party": "USA-CONSTITUTION-MI",
    "iowa_democratic_party": "USA-DEM-IA",
    "maryland_democratic_party": "USA-DEM-MD",
    "nevada_republican_party": "USA-REP-NV",
    "republican_party_of_idaho": "USA-REP-ID",
    "liberal_democrats": "AUS-LDP",
    "liberal_national_party": "AUS-LNP",
    "liberty_union_party_of_vermont": "USA-LIBERTY-UNION",
    "life_and_liberty_party": "USA-LIFE-AND-LIBERTY",
    "natural_law_party_of_michigan": "USA-NATURAL-LAW-MI",
    "new_progressive_party": "PRI-PNP",
    "peace_and_freedom_party": "USA-PEACE-AND-FREEDOM",
    "peoples_party_of_canada": "CAN-PPC",
    "prohibition_party": "USA-PROHIBITION",
    "prohibition_party_of_illinois": "USA-PROHIBITION-IL",
    "reform_party": "USA-REFORM",
    "socialist_party_usa": "USA-SPUSA",
    "unity_party_of_america": "USA-UNITY",
    # second promotion (2026-12-02)
    "afghan_national_assembly": "AFG-PARLIAMENT",
    "afghan_parliament": "AFG-PARLIAMENT",
    "agency_for_international_development": "USA-USAID",
    "alabama_senate": "US-AL-SENATE",
    "albanian_parliament": "ALB-PARLIAMENT",
    "anjouan": "KM-AN",
    "april_6_youth_movement": "EGY-APRIL6",
    "argentine_chamber_of_deputies": "ARG-DEPUTIES",
    "armenian_national_assembly": "ARM-PARLIAMENT",
    "australian_senate": "AUS-SENATE",
    "austrian_peoples_party": "AUT-OVP",
    "beninese_cabinet": "BEN-CABINET",
    "brazilian_federal_senate": "BRA-SENATE",
    "brigade_2506": "CUB-BRIGADE2506",
    "burmese_parliament": "MMR-PARLIAMENT",
    "california": "US-CA",
    "california_state_assembly": "US-CA-ASSEMBLY",
    "california_state_senate": "US-CA-SENATE",
    "cambodian_parliament": "KHM-PARLIAMENT",
    "canadian_parliament": "CAN-PARLIAMENT",
    "catholic_church_in_england_and_wales": "GBR-CATHOLIC",
    "catholic_church_in_ireland": "IRL-CATHOLIC",
    "catholic_church_in_the_philippines": "PHL-CATHOLIC",
    "central_commission_for_discipline_inspection": "CHN-CCP-CCDI",
    "christian_social_peoples_party": "LUX-CSV",
    "communist_party_of_vietnam": "VNM-CPV",
    "congolese_opposition_coalition": "COD-LAMUKA",
    "constitutional_democratic_rally": "TUN-RCD",
    "continental_congress": "USA-CONTINENTAL-CONGRESS",
    "country_liberal_party": "AUS-CLP",
    "crimea": "UA-43",
    "dail_eireann": "IRL-DAIL",
    "democratic_party_of_albania": "ALB-PD",
    "democratic_republican_party": "USA-DEMREP",
    "democratic_republicans": "USA-DEMREP",
    "democratic_revolutionary_front": "CUB-FRD",
    "djiboutian_national_assembly": "DJI-PARLIAMENT",
    "editors_guild_of_india": "IND-EDITORS-GUILD",
    "engagement_for_citizenship_and_development": "COD-ECIDE",
    "english_defence_league": "GBR-EDL",
    "ennahda": "TUN-ENNAHDA",
    "ethiopian_army_officers": "ETH-DERG",
    "family_first_party": "AUS-FAMILYFIRST",
    "federal_parliament_of_somalia": "SOM-PARLIAMENT",
    "federalist_party": "USA-FEDERALIST",
    "federalists": "USA-FEDERALIST",
    "fianna_fail_parliamentary_party": "IRL-FF-PP",
    "finnish_centre_party": "FIN-KESK",
    "german_navy": "DEU-NAVY",
    "health_select_committee": "GBR-HEALTH-COMMITTEE",
    "hellenic_parliament": "GRC-PARLIAMENT",
    "heritage_foundation": "USA-HERITAGE",
    "hungarian_parliament": "HUN-PARLIAMENT",
    "icelandic_pirate_party": "ISL-PIRATES",
    "icelandic_progressive_party": "ISL-PROGRESSIVE",
    "independence_israel": "ISR-ATZMAUT",
    "independent_state_of_croatia": "NDH",
    "indian_olympic_association": "IND-IOA",
    "international_olympic_committee": "IOC",
    "iowa_house_of_representatives": "US-IA-HOUSE",
    "iranian_opposition": "IRN-GREEN-MOVEMENT",
    "iranian_parliament": "IRN-MAJLIS",
    "iranian_reformists": "IRN-REFORMISTS",
    "iroquois_confederacy": "HAUDENOSAUNEE",
    "iroquois_confederation": "HAUDENOSAUNEE",
    "isaf": "ISAF",
    "israeli_labor_party": "ISR-LABOR",
    "italian_parliament": "ITA-PARLIAMENT",
    "italian_senate": "ITA-SENATE",
    "jewish_agency_for_israel": "JEWISH-AGENCY",
    "jewish_home": "ISR-JEWISH-HOME",
    "joint_chiefs_of_staff": "USA-JCS",
    "kenyan_parliament": "KEN-PARLIAMENT",
    "knesset": "ISR-KNESSET",
    "korea": "KOR-JOSEON",
    "ku_klux_klan": "USA-KKK",
    "kuwaiti_parliament": "KWT-PARLIAMENT",
    "lebanese_parliament": "LBN-PARLIAMENT",
    "left_green_movement": "ISL-VG",
    "legislative_yuan": "TWN-LY",
    "lesotho_parliament": "LSO-PARLIAMENT",
    "libyan_parliament": "LBY-GNC",
    "marshallese_legislature": "MHL-NITIJELA",
    "massachusetts": "US-MA",
    "militant_socialist_movement": "MUS-MSM",
    "mohawk_nation": "MOHAWK",
    "moldovan_parliament": "MDA-PARLIAMENT",
    "mongolian_democratic_party": "MNG-DP",
    "moro_islamic_liberation_front": "PHL-MILF",
    "movement_for_democratic_change": "ZWE-MDC",
    "movement_of_democratic_socialists": "GRC-KIDISO",
    "national_coalition_for_reform_and_advancement": "SLB-NCRA",
    "national_diet": "JPN-DIET",
    "nevada_senate": "US-NV-SENATE",
    "new_hampshire": "US-NH",
    "new_jersey_general_assembly": "US-NJ-ASSEMBLY",
    "new_south_wales": "AU-NSW",
    "new_south_wales_legislative_assembly": "AU-NSW-LA",
    "new_south_wales_legislative_council": "AU-NSW-LC",
    "new_york_police_department": "US-NY-NYPD",
    "new_york_state_senate": "US-NY-SENATE",
    "new_zealand_national_party": "NZL-NATIONAL",
    "new_zealand_parliament": "NZL-PARLIAMENT",
    "nicaraguan_national_guard": "NIC-GN",
    "non_aligned_movement": "NON-ALIGNED",
    "north_carolina_senate": "US-NC-SENATE",
    "north_carolina_state_senate": "US-NC-SENATE",
    "northern_cyprus": "TRNC",
    "northern_ireland_assembly": "GBR-NI-ASSEMBLY",
    "northern_territory": "AU-NT",
    "occupy_wall_street": "USA-OWS",
    "oneida_nation": "ONEIDA",
    "palestinian_national_council": "PSE-PNC",
    "pan_africanist_congress": "ZAF-PAC",
    "parliament_of_catalonia": "ESP-CT-PARLIAMENT",
    "parliament_of_new_south_wales": "AU-NSW-PARLIAMENT",
    "parliament_of_portugal": "PRT-PARLIAMENT",
    "parliament_of_romania": "ROU-PARLIAMENT",
    "parliamentary_assembly_of_the_council_of_europe": "PACE",
    "pasok": "GRC-PASOK",
    "people_of_freedom": "ITA-PDL",
    "peoples_national_congress": "PNG-PNC",
    "peruvian_congress": "PER-CONGRESS",
    "philippine_republic": "PHL-1899",
    "philippine_senate": "PHL-SENATE",
    "png_national_parliament": "PNG-PARLIAMENT",
    "pueblo_soberano": "CUW-PS",
    "pussy_riot": "RUS-PUSSYRIOT",
    "qing_dynasty": "QING",
    "reconstruction_finance_corporation": "USA-RFC",
    "revolutionary_alliance": "CHN-TONGMENGHUI",
    "romanian_parliament": "ROU-PARLIAMENT",
    "romanian_social_democratic_party": "ROU-PSD",
    "royal_thai_army": "THA-ARMY",
    "royal_thai_police": "THA-POLICE",
    "russian_central_election_commission": "RUS-CEC",
    "russian_state_duma": "RUS-DUMA",
    "sandinista_movement": "NIC-FSLN",
    "sandinista_national_liberation_front": "NIC-FSLN",
    "scottish_parliament": "GBR-SCT-PARLIAMENT",
    "senate_of_canada": "CAN-SENATE",
    "senecas": "SENECA",
    "shas": "ISR-SHAS",
    "silvercorp_usa": "USA-SILVERCORP",
    "sns": "SRB-SNS",
    "social_democratic_alliance": "ISL-SDA",
    "socialist_party_of_albania": "ALB-PS",
    "somali_parliament": "SOM-PARLIAMENT",
    "south_african_nationalist_party": "ZAF-NP",
    "south_australia": "AU-SA",
    "south_korean_national_assembly": "KOR-ASSEMBLY",
    "spanish_parliament": "ESP-CORTES",
    "sri_lankan_parliament": "LKA-PARLIAMENT",
    "st_domingue": "SAINT-DOMINGUE",
    "state_duma": "RUS-DUMA",
    "stop_the_steal": "USA-STOPTHESTEAL",
    "sunday_herald": "GBR-SUNDAY-HERALD",
    "sustainable_australia": "AUS-SUSTAINABLE",
    "sweden_democrats": "SWE-SD",
    "swedish_opposition": "SWE-ALLIANCE",
    "thai_parliament": "THA-PARLIAMENT",
    "time_magazine": "USA-TIME",
    "togolese_parliament": "TGO-PARLIAMENT",
    "tongmenghui": "CHN-TONGMENGHUI",
    "tunisian_constituent_assembly": "TUN-CONSTITUENT",
    "tunisian_parliament": "TUN-PARLIAMENT",
    "turkish_parliament": "TUR-TBMM",
    "tuscarora_nation": "TUSCARORA",
    "tuvaluan_parliament": "TUV-PARLIAMENT",
    "ukrainian_parliament": "UKR-RADA",
    "ump": "FRA-UMP",
    "unaec": "UNAEC",
    "union_for_national_salvation": "DJI-USN",
    "university_of_oxford": "GBR-OXFORD-UNIVERSITY",
    "us_led_coalition_in_iraq": "MNF-I",
    "venezuelan_national_assembly": "VEN-ASSEMBLY",
    "virginia_general_assembly": "US-VA-ASSEMBLY",
    "welsh_national_assembly": "GBR-WLS-ASSEMBLY",
    "yugoslav_partisans": "YUG-PARTISANS",
    "zambian_electoral_commission": "ZMB-ECZ",
    "zanu_pf": "ZWE-ZANUPF",
    "zimbabwe_republic_police": "ZWE-POLICE",
}

#: Decisions of the fourth promotion on (2026-12-03), kept as data beside this script
#: (``promote_new_actors.decisions.json``: ``{"promote": {slug: KB id}, "keep": {slug: reason}}``) and
#: merged into the two tables above; a slug decided twice is an error.
DECISIONS = Path(__file__).with_name("promote_new_actors.decisions.json")


def _load_decisions(path: Path = DECISIONS) -> None:
    if not path.exists():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    for table, new in ((KEEP, data.get("keep", {})), (PROMOTE, data.get("promote", {}))):
        twice = sorted(set(new) & (set(KEEP) | set(PROMOTE)))
        if twice:
            raise ValueError(f"{path.name}: decided twice: {', '.join(twice)}")
        table.update(new)


_load_decisions()

#: Persons declared under two slugs (the slug 4.3a asks for wins), and person ids that differ.
PERSON_SLUG: dict[str, str] = {
    "brian_t_carroll": "brian_carroll",
    "mohr": "william_mohr",
    "jim_hedges": "james_hedges",
    "wanda_vazquez_garced": "wanda_vazquez",
    "francis": "pope_francis",
    "mohammed_morsi": "mohamed_morsi",
    "mohammed_siad_barre": "siad_barre",
    "warren_g_harding": "warren_harding",
    "william_mc_kinley": "william_mckinley",
    "abdullah_ii": "abdullah_ii_of_jordan",
    "jorge_videla": "jorge_rafael_videla",
    "muhammad_awan": "muhammad_safdar_awan",
}

#: Person facts the declarations leave out or get wrong (name, parent, extra aliases).
PERSON_FIX: dict[str, dict] = {
    "pope_francis": {"name": "Pope Francis", "parent": "VAT"},
    "elizabeth_ii": {"name": "Elizabeth II", "aliases": ["Queen Elizabeth II", "Queen Elizabeth"]},
    "james_hedges": {"name": "James Hedges", "aliases": ["Jim Hedges"]},
    "qaboos_bin_said": {"aliases": ["Sultan Qaboos", "Qaboos bin Said al Said"]},
    "haitham_bin_tariq_al_said": {"aliases": ["Haitham bin Tariq"]},
    "spike_cohen": {"name": "Spike Cohen", "aliases": ['Jeremy "Spike" Cohen', "Jeremy Cohen"]},
    "ricardo_rossello": {"name": "Ricardo Rosselló", "parent": "PRI-PNP", "aliases": ["Ricardo Rosselló Nevares"]},
    "wanda_vazquez": {"name": "Wanda Vázquez", "parent": "PRI-PNP", "aliases": ["Wanda Vázquez Garced"]},
    "pedro_pierluisi": {"parent": "PRI-PNP"},
    "jeff_van_drew": {"parent": "USA-REP"},  # a Republican since January 2020
    "cyrus_vance_jr": {"aliases": ["Cyrus Vance Jr.", "Cyrus R. Vance, Jr."]},
    "alexei_navalny": {"parent": "RUS"},
    "brian_carroll": {"name": "Brian Carroll", "aliases": ["Brian T. Carroll"]},
    "mohamed_morsi": {"name": "Mohamed Morsi", "parent": "EGY", "aliases": ["Mohammed Morsi"]},
    "siad_barre": {"name": "Siad Barre", "parent": "SOM", "aliases": ["Mohamed Siad Barre", "Mohammed Siad Barre"]},
    "warren_harding": {"name": "Warren G. Harding", "parent": "USA-REP", "aliases": ["Warren Harding"]},
    "chris_lee": {"name": "Chris Lee", "parent": "USA-REP"},
    "joan_collins": {"name": "Joan Collins"},
    "abdullah_ii_of_jordan": {"name": "Abdullah II of Jordan", "parent": "JOR", "aliases": ["King Abdullah II", "Abdullah II"]},
}

_NOT_NAME_WORDS = {"the", "a", "an", "of", "for", "president", "governor", "prime", "minister", "queen",
                   "pope", "sultan", "archbishop", "publication", "fiancée"}
_PARTICLES = {"de", "la", "van", "von", "bin", "al", "d'", "le", "du"}


def read_annotations(directory: Path = ANNOTATIONS) -> dict[Path, list[dict]]:
    """Every annotation file's records, by path (sorted)."""
    return {path: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            for path in sorted(directory.glob("*.jsonl"))}


def collect(files: dict[Path, list[dict]]) -> tuple[dict[str, list[dict]], dict[str, collections.Counter]]:
    """Declarations (with annotator and document) and mention texts of every ``NEW:`` slug."""
    declared: dict[str, list[dict]] = collections.defaultdict(list)
    texts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for records in files.values():
        for rec in records:
            for new in rec.get("new_actors") or ():
                declared[new["id"][4:]].append({**new, "annotator": rec["annotator"], "doc_id": rec["doc_id"]})
            for mention in rec.get("mentions") or ():
                if mention["actor"].startswith("NEW:"):
                    texts[mention["actor"][4:]][mention["text"]] += 1
    return dict(declared), dict(texts)


#: Letters NFKD does not split into a base letter and a mark ("Đặng" would lose its "Đ", "Maaßen" its "ß").
_NOT_DECOMPOSED = str.maketrans({"Đ": "D", "đ": "d", "ß": "ss", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Æ": "AE",
                                 "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i"})


def _ascii(text: str) -> str:
    """The ASCII spelling of a name.

    >>> _ascii("Đặng Thị Ngọc Thịnh"), _ascii("Hans-Georg Maaßen")
    ('Dang Thi Ngoc Thinh', 'Hans-Georg Maassen')
    """
    return unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED)).encode("ascii", "ignore").decode("ascii")


def _is_person(declarations: list[dict]) -> bool:
    return any(d["kind"] == "person" for d in declarations)


@functools.lru_cache(maxsize=1)
def _kb():
    return load_knowledge_base()


def known_as(declarations: list[dict]) -> str | None:
    """The one KB id the declared names (a bracketed qualifier dropped) resolve to, if exactly one.

    Annotators draft with the knowledge base of their day; an actor promoted since then (or declared
    again under another slug) is found here by its name and needs no hand-written decision.
    """
    found = set().union(*(known_ids(_kb(), d["name"]) for d in declarations))
    return found.pop() if len(found) == 1 else None


def decision(slug: str, declarations: list[dict], strict: bool = False) -> str:
    """The KB id a slug becomes, or ``"NEW:<slug>"`` when it stays new.

    A non-person slug nobody has decided yet stays new (``strict``: raises ``KeyError``), so that
    ``rewrite`` can run before every declaration has its decision; ``check`` lists those as pending.
    """
    if slug in KEEP or slug.startswith("unnamed_"):
        return f"NEW:{slug}"
    if slug in PROMOTE:
        return PROMOTE[slug]
    if found := known_as(declarations):
        return found
    if _is_person(declarations):
        return "PER:" + PERSON_SLUG.get(slug, slug)
    if strict:
        raise KeyError(slug)
    return f"NEW:{slug}"


def mapping(declared: dict[str, list[dict]], keep_variants: bool = False) -> dict[str, str]:
    """``NEW:<slug>`` -> KB id for every promoted slug (``--keep-variants``: one id per slug)."""
    out = {}
    for slug, decls in declared.items():
        target = decision(slug, decls)
        if target.startswith("NEW:"):
            continue
        variants = [s for s, d in declared.items() if s != slug and decision(s, d) == target]
        out[f"NEW:{slug}"] = f"{target}#{slug}" if keep_variants and variants else target
    return out


def _person_aliases(name: str, decls: list[dict], texts: collections.Counter) -> list[str]:
    """Other declared names and the full-name forms the documents use, with ASCII spellings."""
    tokens = name.replace(".", ". ").split()
    first, last = tokens[0].casefold(), tokens[-1].casefold()
    out = [d["name"] for d in decls]
    for text in texts:
        words = text.split()
        if len(words) < 2 or any(w.casefold() in _NOT_NAME_WORDS for w in words):
            continue
        if not all(w[0].isupper() or w.casefold() in _PARTICLES for w in words):
            continue
        if words[0].casefold() == first and any(w.casefold().rstrip(",") == last for w in words[1:]):
            out.append(text)
    out += [_ascii(a) for a in [name, *out]]
    return [a for a in dict.fromkeys(out) if a != name and "(" not in a and " " in a]


def person_entries(declared: dict[str, list[dict]], texts: dict[str, collections.Counter]) -> list[str]:
    """The ``people.yaml`` lines of every promoted person, in slug order."""
    groups: dict[str, list[tuple[str, dict]]] = collections.defaultdict(list)
    for slug, decls in declared.items():
        target = decision(slug, decls)
        if target.startswith("PER:") and target not in _kb():
            groups[target].extend((slug, d) for d in decls)
    full = mapping(declared)
    lines = []
    for target in sorted(groups):
        slug = target[4:]
        decls = [d for _, d in groups[target]]
        fix = PERSON_FIX.get(slug, {})
        name = fix.get("name") or collections.Counter(d["name"] for d in decls).most_common(1)[0][0]
        parents = [full.get(d.get("parent"), d.get("parent")) for d in decls if d.get("parent")]
        parents = [p for p in parents if p in _kb()]  # a declared parent the KB lacks is dropped
        parent = fix.get("parent") or (collections.Counter(parents).most_common(1)[0][0] if parents else None)
        mention_texts = collections.Counter()
        for s, _ in groups[target]:
            mention_texts.update(texts.get(s, {}))
        aliases = [a for a in dict.fromkeys([*fix.get("aliases", []), *_person_aliases(name, decls, mention_texts)])
                   if a != name]
        fields = [f"id: {target}", f"name: {_yaml(name)}", "kind: person"]
        if parent:
            fields.append(f"parent: {parent}")
        if aliases:
            fields.append("aliases: [" + ", ".join(_yaml(a) for a in aliases) + "]")
        lines.append("  - {" + ", ".join(fields) + "}")
    return lines


def _yaml(text: str) -> str:
    """A flow-style YAML scalar (quoted when it needs to be)."""
    if any(c in text for c in ":,[]{}#&*!|>'\"%@`") or text != text.strip():
        return json.dumps(text, ensure_ascii=False)
    return text


def rewrite_record(rec: dict, table: dict[str, str]) -> dict:
    """One annotation record with promoted ids replaced and their declarations removed."""
    def sub(actor_id):
        return table.get(actor_id, actor_id)
    for mention in rec.get("mentions") or ():
        mention["actor"] = sub(mention["actor"])
    for pair in rec.get("pairs") or ():
        pair["actors"] = [sub(a) for a in pair["actors"]]
        for rel in pair.get("relations") or ():
            for key in ("source", "target"):
                if key in rel:
                    rel[key] = sub(rel[key])
    kept = []
    for new in rec.get("new_actors") or ():
        if new["id"] in table:
            continue
        if new.get("parent") in table:
            new["parent"] = table[new["parent"]].split("#")[0]
        kept.append(new)
    if "new_actors" in rec or kept:
        rec["new_actors"] = kept
    return rec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["report", "persons", "check", "rewrite"])
    parser.add_argument("--dir", type=Path, default=ANNOTATIONS)
    parser.add_argument("--keep-variants", action="store_true")
    args = parser.parse_args(argv)
    files = read_annotations(args.dir)
    declared, texts = collect(files)
    if args.command == "persons":
        print("\n".join(person_entries(declared, texts)))
        return 0
    if args.command == "rewrite":
        table = mapping(declared, args.keep_variants)
        changed = 0
        for path, records in files.items():
            rewritten = [rewrite_record(copy.deepcopy(rec), table) for rec in records]
            if rewritten == records:  # a file with nothing to rewrite is left as it is (annotators may be appending)
                continue
            changed += 1
            path.write_text("\n".join(json.dumps(rec, ensure_ascii=False) for rec in rewritten) + "\n", encoding="utf-8")
        print(f"rewrote {changed} of {len(files)} files: {len(table)} slugs -> {len(set(table.values()))} KB ids")
        return 0
    kb = _kb()
    problems = 0
    for slug in sorted(declared):
        decls = declared[slug]
        try:
            target = decision(slug, decls, strict=True)
        except KeyError:
            print(f"NO DECISION: {slug}")
            problems += 1
            continue
        known = sorted({a.id for t in [d["name"] for d in decls] + list(texts.get(slug, {})) for a in kb.lookup(t)})
        if args.command == "report":
            names = " | ".join(sorted({d["name"] for d in decls}))
            why = KEEP.get(slug, "")
            print(f"{slug}\t{decls[0]['kind']}\t{names}\t-> {target}\t{why}\tkb-lookup={known}")
        elif not target.startswith("NEW:") and target not in kb:
            print(f"NOT IN KB: {slug} -> {target}")
            problems += 1
    if args.command == "check":
        promoted = {t for t in mapping(declared).values()}
        kept = sum(1 for s, d in declared.items() if decision(s, d).startswith("NEW:"))
        print(f"{len(declared)} slugs: {len(declared) - kept} promoted to {len(promoted)} KB ids, "
              f"{kept} kept NEW; {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
