#!/usr/bin/env python3
"""Writes data/theatres/countries.toml: the countries of the world, past and present, with the
names and demonyms that articles about wars give them.

Source of the present-day list: the PyPI package pycountry (version 26.2.16 was used for the
committed file), for the ISO 3166-1 alpha-2 codes and the names. Everything else here (the names
articles use, earlier names of the same state, demonyms, the historical states and their codes)
is written in this script by hand: pycountry has no demonyms.

Regenerate:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install pycountry==26.2.16
    /tmp/venv/bin/python tools/countries.py > data/theatres/countries.toml

The output is deterministic (countries sorted by name) and the script checks that no two
countries share a name, alias, code or demonym, compared the way annals compares names (lower
case, no punctuation, spaces or diacritics); it exits non-zero when two do.

How states that changed are told apart:

- A state under an earlier name or regime whose people keep the demonym (the Kingdom of Italy,
  the Empire of Japan, Nazi Germany, Persia, Siam, Ceylon, Burma, Zaire) is the present-day
  country, with the old name as an alias: "Italian troops" must find it either way, and a
  demonym can stand for one country only.
- A state that no present-day country continues with the same demonym (the Soviet Union,
  Yugoslavia, Czechoslovakia, East Germany, the Ottoman Empire, Austria-Hungary, Prussia, South
  Vietnam, Rhodesia, ...) has an entry of its own. Its code is the one ISO 3166 reserved for it
  where there is one (SU, YU, CS, DD, YD, RH); otherwise a code from the ranges ISO 3166 leaves to
  users (QM-QZ, XA-XZ), which no country will ever be given, listed in HISTORICAL below. XK is
  Kosovo's by common use.
"""

import re
import sys
import unicodedata

import pycountry

# code: (name as articles write it, or None for pycountry's; other names; demonyms: the adjective
# and the plural noun when it differs).
PRESENT = {
    "AF": (None, ["Islamic Republic of Afghanistan", "Islamic Emirate of Afghanistan", "Democratic Republic of Afghanistan", "Kingdom of Afghanistan"], ["Afghan", "Afghans"]),
    "AX": (None, ["Aland Islands"], []),
    "AL": (None, ["Republic of Albania", "Kingdom of Albania", "People's Socialist Republic of Albania"], ["Albanian", "Albanians"]),
    "DZ": (None, ["People's Democratic Republic of Algeria", "French Algeria"], ["Algerian", "Algerians"]),
    "AS": (None, [], ["American Samoan", "American Samoans"]),
    "AD": (None, ["Principality of Andorra"], ["Andorran", "Andorrans"]),
    "AO": (None, ["Republic of Angola", "People's Republic of Angola", "Portuguese Angola"], ["Angolan", "Angolans"]),
    "AI": (None, [], ["Anguillan", "Anguillans"]),
    "AQ": (None, [], []),
    "AG": (None, [], ["Antiguan", "Antiguans", "Barbudan"]),
    "AR": (None, ["Argentine Republic"], ["Argentine", "Argentines", "Argentinian", "Argentinians"]),
    "AM": (None, ["Republic of Armenia", "Armenian SSR", "First Republic of Armenia"], ["Armenian", "Armenians"]),
    "AW": (None, [], ["Aruban", "Arubans"]),
    "AU": (None, ["Commonwealth of Australia"], ["Australian", "Australians"]),
    "AT": (None, ["Republic of Austria", "Austrian Empire", "Federal State of Austria", "First Austrian Republic"], ["Austrian", "Austrians"]),
    "AZ": (None, ["Republic of Azerbaijan", "Azerbaijan Democratic Republic", "Azerbaijan SSR"], ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"]),
    "BS": ("Bahamas", ["The Bahamas", "Commonwealth of The Bahamas"], ["Bahamian", "Bahamians"]),
    "BH": (None, ["Kingdom of Bahrain"], ["Bahraini", "Bahrainis"]),
    "BD": (None, ["People's Republic of Bangladesh"], ["Bangladeshi", "Bangladeshis"]),
    "BB": (None, [], ["Barbadian", "Barbadians", "Bajan"]),
    "BY": (None, ["Republic of Belarus", "Byelorussia", "Belorussia", "Byelorussian SSR"], ["Belarusian", "Belarusians", "Byelorussian", "Belorussian"]),
    "BE": (None, ["Kingdom of Belgium"], ["Belgian", "Belgians"]),
    "BZ": (None, ["British Honduras"], ["Belizean", "Belizeans"]),
    "BJ": (None, ["Republic of Benin", "Dahomey", "Republic of Dahomey", "People's Republic of Benin"], ["Beninese"]),
    "BM": (None, [], ["Bermudian", "Bermudians"]),
    "BT": (None, ["Kingdom of Bhutan"], ["Bhutanese"]),
    "BO": ("Bolivia", ["Plurinational State of Bolivia", "Republic of Bolivia"], ["Bolivian", "Bolivians"]),
    "BQ": ("Caribbean Netherlands", ["Bonaire, Sint Eustatius and Saba"], []),
    "BA": (None, ["Bosnia", "Bosnia-Herzegovina", "Republic of Bosnia and Herzegovina"], ["Bosnian", "Bosnians"]),
    "BW": (None, ["Republic of Botswana", "Bechuanaland"], ["Botswanan", "Motswana", "Batswana"]),
    "BV": (None, [], []),
    "BR": (None, ["Federative Republic of Brazil", "Empire of Brazil", "United States of Brazil"], ["Brazilian", "Brazilians"]),
    "IO": (None, ["Chagos Archipelago"], []),
    "BN": ("Brunei", ["Brunei Darussalam"], ["Bruneian", "Bruneians"]),
    "BG": (None, ["Republic of Bulgaria", "Kingdom of Bulgaria", "Tsardom of Bulgaria", "People's Republic of Bulgaria"], ["Bulgarian", "Bulgarians"]),
    "BF": (None, ["Upper Volta", "Republic of Upper Volta"], ["Burkinabe"]),
    "BI": (None, ["Republic of Burundi", "Kingdom of Burundi"], ["Burundian", "Burundians"]),
    "CV": (None, ["Cape Verde", "Republic of Cabo Verde"], ["Cape Verdean", "Cape Verdeans"]),
    "KH": (None, ["Kingdom of Cambodia", "Khmer Republic", "Democratic Kampuchea", "Kampuchea", "People's Republic of Kampuchea"], ["Cambodian", "Cambodians"]),
    "CM": (None, ["Republic of Cameroon", "French Cameroons"], ["Cameroonian", "Cameroonians"]),
    "CA": (None, ["Dominion of Canada"], ["Canadian", "Canadians"]),
    "KY": (None, [], ["Caymanian", "Caymanians"]),
    "CF": (None, ["Central African Empire"], ["Central African", "Central Africans"]),
    "TD": (None, ["Republic of Chad", "French Chad"], ["Chadian", "Chadians"]),
    "CL": (None, ["Republic of Chile"], ["Chilean", "Chileans"]),
    # "Republic of China" in a war article is the state of 1912-1949 (or its army) far more often
    # than Taiwan, and its troops are "Chinese".
    "CN": (None, ["People's Republic of China", "PRC", "Republic of China", "Republic of China (1912–1949)", "Republic of China (1912–49)",
                  "Nationalist China", "Qing dynasty", "Qing China", "Beiyang government"], ["Chinese"]),
    "CX": (None, [], ["Christmas Islander", "Christmas Islanders"]),
    "CC": (None, ["Cocos Islands", "Keeling Islands"], []),
    "CO": (None, ["Republic of Colombia"], ["Colombian", "Colombians"]),
    "KM": (None, ["Union of the Comoros"], ["Comorian", "Comorians"]),
    # "Congo" alone and "Congolese" name the larger Congo in most war articles (the Congo Crisis,
    # the Congo Wars), so the smaller one is named only in full.
    "CG": ("Republic of the Congo", ["Congo-Brazzaville", "People's Republic of the Congo", "French Congo"], []),
    "CD": ("Democratic Republic of the Congo", ["DR Congo", "DRC", "Congo", "Congo-Kinshasa", "Zaire", "Republic of Zaire",
                                               "Belgian Congo", "Congo Free State", "Republic of the Congo (Léopoldville)"], ["Congolese"]),
    "CK": (None, [], ["Cook Islander", "Cook Islanders"]),
    "CR": (None, ["Republic of Costa Rica"], ["Costa Rican", "Costa Ricans"]),
    "CI": (None, ["Ivory Coast", "Cote d'Ivoire", "Republic of Côte d'Ivoire"], ["Ivorian", "Ivorians"]),
    "HR": (None, ["Republic of Croatia", "Independent State of Croatia", "NDH", "Socialist Republic of Croatia"], ["Croatian", "Croatians", "Croat", "Croats"]),
    "CU": (None, ["Republic of Cuba"], ["Cuban", "Cubans"]),
    "CW": (None, ["Curacao"], ["Curaçaoan"]),
    "CY": (None, ["Republic of Cyprus"], ["Cypriot", "Cypriots"]),
    "CZ": ("Czech Republic", ["Czechia", "Protectorate of Bohemia and Moravia"], ["Czech", "Czechs"]),
    "DK": (None, ["Kingdom of Denmark"], ["Danish", "Danes"]),
    "DJ": (None, ["Republic of Djibouti", "French Somaliland", "French Territory of the Afars and the Issas"], ["Djiboutian", "Djiboutians"]),
    # Dominica's people are "Dominicans" too; the demonym goes to the Dominican Republic, whose
    # wars articles name far more often.
    "DM": (None, ["Commonwealth of Dominica"], []),
    "DO": (None, [], ["Dominican", "Dominicans"]),
    "EC": (None, ["Republic of Ecuador"], ["Ecuadorian", "Ecuadorians"]),
    "EG": (None, ["Arab Republic of Egypt", "Kingdom of Egypt", "Sultanate of Egypt", "Khedivate of Egypt", "United Arab Republic"], ["Egyptian", "Egyptians"]),
    "SV": (None, ["Republic of El Salvador"], ["Salvadoran", "Salvadorans"]),
    "GQ": (None, ["Republic of Equatorial Guinea", "Spanish Guinea"], ["Equatorial Guinean", "Equatoguinean"]),
    "ER": (None, ["State of Eritrea", "Italian Eritrea"], ["Eritrean", "Eritreans"]),
    "EE": (None, ["Republic of Estonia", "Estonian SSR"], ["Estonian", "Estonians"]),
    "SZ": (None, ["Swaziland", "Kingdom of Eswatini"], ["Swazi", "Swazis"]),
    "ET": (None, ["Ethiopian Empire", "Abyssinia", "Federal Democratic Republic of Ethiopia", "People's Democratic Republic of Ethiopia"], ["Ethiopian", "Ethiopians"]),
    "FK": ("Falkland Islands", ["Falklands", "Falkland Islands (Malvinas)", "Malvinas", "Islas Malvinas"], ["Falkland Islander", "Falkland Islanders"]),
    "FO": (None, ["Faroes"], ["Faroese"]),
    "FJ": (None, ["Republic of Fiji", "Colony of Fiji"], ["Fijian", "Fijians"]),
    "FI": (None, ["Republic of Finland", "Grand Duchy of Finland"], ["Finnish", "Finns"]),
    "FR": (None, ["French Republic", "French Third Republic", "French Fourth Republic", "French Fifth Republic", "Vichy France", "French State",
                  "Free France", "Free French", "Provisional Government of the French Republic", "Kingdom of France", "French Empire",
                  "Second French Empire", "French colonial empire"], ["French", "Frenchmen"]),
    "GF": (None, [], []),
    "PF": (None, [], ["French Polynesian", "French Polynesians"]),
    "TF": (None, [], []),
    "GA": (None, ["Gabonese Republic", "French Gabon"], ["Gabonese"]),
    "GM": (None, ["The Gambia", "Republic of The Gambia"], ["Gambian", "Gambians"]),
    "GE": (None, ["Georgian SSR", "Democratic Republic of Georgia"], ["Georgian", "Georgians"]),
    "DE": (None, ["Nazi Germany", "German Reich", "Third Reich", "Greater German Reich", "German Empire", "Weimar Republic",
                  "Federal Republic of Germany", "West Germany"], ["German", "Germans"]),
    "GH": (None, ["Republic of Ghana", "Gold Coast"], ["Ghanaian", "Ghanaians"]),
    "GI": (None, [], ["Gibraltarian", "Gibraltarians"]),
    "GR": (None, ["Hellenic Republic", "Kingdom of Greece", "Second Hellenic Republic"], ["Greek", "Greeks", "Hellenic"]),
    "GL": (None, [], ["Greenlandic", "Greenlanders"]),
    "GD": (None, [], ["Grenadian", "Grenadians"]),
    "GP": (None, [], ["Guadeloupean", "Guadeloupeans"]),
    "GU": (None, [], ["Guamanian", "Guamanians"]),
    "GT": (None, ["Republic of Guatemala"], ["Guatemalan", "Guatemalans"]),
    "GG": (None, ["Bailiwick of Guernsey"], []),
    "GN": (None, ["Republic of Guinea", "Guinea-Conakry", "French Guinea"], ["Guinean", "Guineans"]),
    "GW": (None, ["Republic of Guinea-Bissau", "Portuguese Guinea"], ["Bissau-Guinean", "Bissau-Guineans"]),
    "GY": (None, ["Co-operative Republic of Guyana", "British Guiana"], ["Guyanese"]),
    "HT": (None, ["Republic of Haiti"], ["Haitian", "Haitians"]),
    "HM": (None, [], []),
    "VA": ("Vatican City", ["Holy See", "Vatican", "Holy See (Vatican City State)", "Vatican City State"], []),
    "HN": (None, ["Republic of Honduras"], ["Honduran", "Hondurans"]),
    "HK": (None, ["British Hong Kong"], ["Hongkonger", "Hongkongers"]),
    "HU": (None, ["Kingdom of Hungary", "Kingdom of Hungary (1920–1946)", "Kingdom of Hungary (1920–46)", "Hungarian People's Republic",
                  "Republic of Hungary", "Hungarian Soviet Republic"], ["Hungarian", "Hungarians"]),
    "IS": (None, ["Republic of Iceland"], ["Icelandic", "Icelanders"]),
    "IN": (None, ["Republic of India", "British India", "British Raj", "Indian Empire", "Dominion of India"], ["Indian", "Indians"]),
    "ID": (None, ["Republic of Indonesia"], ["Indonesian", "Indonesians"]),
    "IR": ("Iran", ["Islamic Republic of Iran", "Persia", "Imperial State of Iran", "Pahlavi Iran", "Qajar Iran", "Sublime State of Persia"],
           ["Iranian", "Iranians", "Persian", "Persians"]),
    "IQ": (None, ["Republic of Iraq", "Kingdom of Iraq", "Ba'athist Iraq", "Mandatory Iraq"], ["Iraqi", "Iraqis"]),
    "IE": (None, ["Republic of Ireland", "Irish Free State", "Éire"], ["Irish"]),
    "IM": (None, [], ["Manx"]),
    "IL": (None, ["State of Israel"], ["Israeli", "Israelis"]),
    "IT": (None, ["Italian Republic", "Kingdom of Italy", "Fascist Italy", "Fascist Italy (1922–1943)", "Italian Social Republic"],
           ["Italian", "Italians"]),
    "JM": (None, ["Colony of Jamaica"], ["Jamaican", "Jamaicans"]),
    "JP": (None, ["Empire of Japan", "Imperial Japan", "Japanese Empire", "State of Japan"], ["Japanese"]),
    "JE": (None, ["Bailiwick of Jersey"], []),
    "JO": (None, ["Hashemite Kingdom of Jordan", "Transjordan", "Emirate of Transjordan"], ["Jordanian", "Jordanians"]),
    "KZ": (None, ["Republic of Kazakhstan", "Kazakh SSR"], ["Kazakhstani", "Kazakhstanis", "Kazakh"]),
    "KE": (None, ["Republic of Kenya", "Kenya Colony", "British Kenya"], ["Kenyan", "Kenyans"]),
    "KI": (None, ["Gilbert Islands"], ["I-Kiribati"]),
    # "Korea" and "Korean" alone are left to neither state.
    "KP": ("North Korea", ["Democratic People's Republic of Korea", "DPRK"], ["North Korean", "North Koreans"]),
    "KR": ("South Korea", ["Republic of Korea", "ROK"], ["South Korean", "South Koreans"]),
    "KW": (None, ["State of Kuwait"], ["Kuwaiti", "Kuwaitis"]),
    "KG": (None, ["Kyrgyz Republic", "Kirghizia"], ["Kyrgyzstani", "Kyrgyz"]),
    "LA": ("Laos", ["Lao People's Democratic Republic", "Kingdom of Laos"], ["Lao", "Laotian", "Laotians"]),
    "LV": (None, ["Republic of Latvia", "Latvian SSR"], ["Latvian", "Latvians"]),
    "LB": (None, ["Lebanese Republic", "Greater Lebanon"], ["Lebanese"]),
    "LS": (None, ["Kingdom of Lesotho", "Basutoland"], ["Basotho", "Mosotho"]),
    "LR": (None, ["Republic of Liberia"], ["Liberian", "Liberians"]),
    "LY": (None, ["State of Libya", "Libyan Arab Jamahiriya", "Kingdom of Libya", "Italian Libya"], ["Libyan", "Libyans"]),
    "LI": (None, ["Principality of Liechtenstein"], ["Liechtensteiner", "Liechtensteiners"]),
    "LT": (None, ["Republic of Lithuania", "Lithuanian SSR"], ["Lithuanian", "Lithuanians"]),
    "LU": (None, ["Grand Duchy of Luxembourg"], ["Luxembourgish", "Luxembourger", "Luxembourgers"]),
    "MO": ("Macau", ["Macao"], ["Macanese"]),
    "MG": (None, ["Republic of Madagascar", "Malagasy Republic"], ["Malagasy"]),
    "MW": (None, ["Republic of Malawi", "Nyasaland"], ["Malawian", "Malawians"]),
    "MY": (None, ["Malaya", "Federation of Malaya", "British Malaya"], ["Malaysian", "Malaysians"]),
    "MV": (None, ["Republic of Maldives"], ["Maldivian", "Maldivians"]),
    "ML": (None, ["Republic of Mali", "French Sudan"], ["Malian", "Malians"]),
    "MT": (None, ["Republic of Malta", "Crown Colony of Malta"], ["Maltese"]),
    "MH": (None, ["Republic of the Marshall Islands"], ["Marshallese"]),
    "MQ": (None, [], ["Martiniquais"]),
    "MR": (None, ["Islamic Republic of Mauritania"], ["Mauritanian", "Mauritanians"]),
    "MU": (None, ["Republic of Mauritius"], ["Mauritian", "Mauritians"]),
    "YT": (None, [], ["Mahoran", "Mahorans"]),
    "MX": (None, ["United Mexican States"], ["Mexican", "Mexicans"]),
    "FM": ("Federated States of Micronesia", ["Micronesia"], ["Micronesian", "Micronesians"]),
    "MD": ("Moldova", ["Republic of Moldova", "Moldavian SSR"], ["Moldovan", "Moldovans", "Moldavian"]),
    "MC": (None, ["Principality of Monaco"], ["Monegasque", "Monacan"]),
    "MN": (None, ["Mongolian People's Republic", "Outer Mongolia"], ["Mongolian", "Mongolians"]),
    "ME": (None, ["Kingdom of Montenegro", "Principality of Montenegro"], ["Montenegrin", "Montenegrins"]),
    "MS": (None, [], ["Montserratian", "Montserratians"]),
    "MA": (None, ["Kingdom of Morocco", "French Morocco"], ["Moroccan", "Moroccans"]),
    "MZ": (None, ["Republic of Mozambique", "Portuguese Mozambique", "People's Republic of Mozambique"], ["Mozambican", "Mozambicans"]),
    "MM": (None, ["Burma", "Union of Burma", "British Burma", "State of Burma", "Republic of the Union of Myanmar"], ["Burmese"]),
    "NA": (None, ["Republic of Namibia", "South West Africa"], ["Namibian", "Namibians"]),
    "NR": (None, ["Republic of Nauru"], ["Nauruan", "Nauruans"]),
    "NP": (None, ["Kingdom of Nepal", "Federal Democratic Republic of Nepal"], ["Nepali", "Nepalese"]),
    "NL": (None, ["Kingdom of the Netherlands", "The Netherlands", "Holland"], ["Dutch"]),
    "NC": (None, [], ["New Caledonian", "New Caledonians"]),
    "NZ": (None, ["Dominion of New Zealand"], ["New Zealander", "New Zealanders"]),
    "NI": (None, ["Republic of Nicaragua"], ["Nicaraguan", "Nicaraguans"]),
    "NE": (None, ["Republic of the Niger"], ["Nigerien", "Nigeriens"]),
    "NG": (None, ["Federal Republic of Nigeria", "Colony and Protectorate of Nigeria"], ["Nigerian", "Nigerians"]),
    "NU": (None, [], ["Niuean", "Niueans"]),
    "NF": (None, [], ["Norfolk Islander", "Norfolk Islanders"]),
    "MK": (None, ["Macedonia", "Republic of Macedonia", "FYROM", "Former Yugoslav Republic of Macedonia", "Republic of North Macedonia"],
           ["Macedonian", "Macedonians"]),
    "MP": (None, [], []),
    "NO": (None, ["Kingdom of Norway"], ["Norwegian", "Norwegians"]),
    "OM": (None, ["Sultanate of Oman", "Muscat and Oman", "Sultanate of Muscat and Oman"], ["Omani", "Omanis"]),
    "PK": (None, ["Islamic Republic of Pakistan", "Dominion of Pakistan"], ["Pakistani", "Pakistanis"]),
    "PW": (None, ["Republic of Palau"], ["Palauan", "Palauans"]),
    "PS": ("Palestine", ["State of Palestine", "Palestinian territories", "Palestinian Authority"], ["Palestinian", "Palestinians"]),
    "PA": (None, ["Republic of Panama"], ["Panamanian", "Panamanians"]),
    "PG": (None, ["Territory of Papua and New Guinea"], ["Papua New Guinean", "Papua New Guineans"]),
    "PY": (None, ["Republic of Paraguay"], ["Paraguayan", "Paraguayans"]),
    "PE": (None, ["Republic of Peru"], ["Peruvian", "Peruvians"]),
    "PH": (None, ["Republic of the Philippines", "The Philippines", "Commonwealth of the Philippines", "Philippine Islands",
                  "First Philippine Republic", "Second Philippine Republic"], ["Filipino", "Filipinos", "Philippine"]),
    "PN": ("Pitcairn Islands", ["Pitcairn"], ["Pitcairn Islander", "Pitcairn Islanders"]),
    "PL": (None, ["Republic of Poland", "Second Polish Republic", "Polish People's Republic", "Polish government-in-exile"], ["Polish", "Poles"]),
    "PT": (None, ["Portuguese Republic", "Kingdom of Portugal", "Portuguese Empire"], ["Portuguese"]),
    "PR": (None, [], ["Puerto Rican", "Puerto Ricans"]),
    "QA": (None, ["State of Qatar"], ["Qatari", "Qataris"]),
    "RE": (None, ["Reunion"], []),
    "RO": (None, ["Kingdom of Romania", "Socialist Republic of Romania", "Roumania"], ["Romanian", "Romanians"]),
    "RU": ("Russia", ["Russian Federation", "Russian Empire", "Tsardom of Russia", "Russian SFSR", "Russian Republic"], ["Russian", "Russians"]),
    "RW": (None, ["Republic of Rwanda"], ["Rwandan", "Rwandans"]),
    "BL": (None, [], []),
    "SH": (None, ["Saint Helena"], ["Saint Helenian", "Saint Helenians"]),
    "KN": (None, [], ["Kittitian", "Kittitians"]),
    "LC": (None, [], ["Saint Lucian", "Saint Lucians"]),
    "MF": (None, [], []),
    "PM": (None, [], []),
    "VC": (None, [], ["Vincentian", "Vincentians"]),
    "WS": (None, ["Western Samoa", "Independent State of Samoa"], ["Samoan", "Samoans"]),
    "SM": (None, ["Republic of San Marino"], ["Sammarinese"]),
    "ST": ("São Tomé and Príncipe", ["Sao Tome and Principe"], ["Santomean", "Santomeans"]),
    "SA": (None, ["Kingdom of Saudi Arabia", "Kingdom of Hejaz and Nejd"], ["Saudi", "Saudis", "Saudi Arabian"]),
    "SN": (None, ["Republic of Senegal"], ["Senegalese"]),
    "RS": (None, ["Republic of Serbia", "Kingdom of Serbia", "Principality of Serbia"], ["Serbian", "Serbians"]),
    "SC": (None, ["Republic of Seychelles"], ["Seychellois"]),
    "SL": (None, ["Republic of Sierra Leone"], ["Sierra Leonean", "Sierra Leoneans"]),
    "SG": (None, ["Republic of Singapore"], ["Singaporean", "Singaporeans"]),
    "SX": (None, [], []),
    "SK": (None, ["Slovak Republic", "Slovak Republic (1939–1945)", "First Slovak Republic", "Slovak State"], ["Slovak", "Slovaks", "Slovakian"]),
    "SI": (None, ["Republic of Slovenia"], ["Slovenian", "Slovenians", "Slovene", "Slovenes"]),
    "SB": (None, ["British Solomon Islands"], ["Solomon Islander", "Solomon Islanders"]),
    "SO": (None, ["Federal Republic of Somalia", "Somali Republic", "Somali Democratic Republic"], ["Somali", "Somalis"]),
    "ZA": (None, ["Union of South Africa", "Republic of South Africa"], ["South African", "South Africans"]),
    "GS": (None, ["South Georgia"], []),
    "SS": (None, ["Republic of South Sudan"], ["South Sudanese"]),
    "ES": (None, ["Kingdom of Spain", "Spanish Empire", "Francoist Spain", "Spanish State", "Second Spanish Republic"], ["Spanish", "Spaniards"]),
    "LK": (None, ["Ceylon", "Dominion of Ceylon", "British Ceylon"], ["Sri Lankan", "Sri Lankans"]),
    "SD": (None, ["Republic of the Sudan", "The Sudan", "Anglo-Egyptian Sudan"], ["Sudanese"]),
    "SR": (None, ["Surinam"], ["Surinamese"]),
    "SJ": (None, [], []),
    "SE": (None, ["Kingdom of Sweden"], ["Swedish", "Swedes"]),
    "CH": (None, ["Swiss Confederation"], ["Swiss"]),
    "SY": ("Syria", ["Syrian Arab Republic"], ["Syrian", "Syrians"]),
    "TW": ("Taiwan", ["Republic of China (Taiwan)", "Formosa"], ["Taiwanese"]),
    "TJ": (None, ["Republic of Tajikistan", "Tajik SSR"], ["Tajikistani", "Tajik"]),
    "TZ": ("Tanzania", ["United Republic of Tanzania", "Tanganyika"], ["Tanzanian", "Tanzanians"]),
    "TH": (None, ["Kingdom of Thailand", "Siam", "Kingdom of Siam"], ["Thai"]),
    "TL": (None, ["East Timor", "Democratic Republic of Timor-Leste"], ["Timorese"]),
    "TG": (None, ["Togolese Republic", "French Togoland"], ["Togolese"]),
    "TK": (None, [], ["Tokelauan", "Tokelauans"]),
    "TO": (None, ["Kingdom of Tonga"], ["Tongan", "Tongans"]),
    "TT": (None, [], ["Trinidadian", "Trinidadians", "Tobagonian"]),
    "TN": (None, ["Tunisian Republic"], ["Tunisian", "Tunisians"]),
    "TR": ("Turkey", ["Türkiye", "Republic of Turkey"], ["Turkish", "Turks"]),
    "TM": (None, ["Turkmen SSR"], ["Turkmen"]),
    "TC": (None, [], []),
    "TV": (None, [], ["Tuvaluan", "Tuvaluans"]),
    "UG": (None, ["Republic of Uganda"], ["Ugandan", "Ugandans"]),
    "UA": (None, ["Ukrainian SSR", "Ukrainian People's Republic"], ["Ukrainian", "Ukrainians"]),
    "AE": (None, ["UAE"], ["Emirati", "Emiratis"]),
    "GB": (None, ["UK", "Great Britain", "Britain", "United Kingdom of Great Britain and Northern Ireland",
                  "United Kingdom of Great Britain and Ireland", "British Empire"], ["British", "Britons"]),
    "US": (None, ["United States of America", "USA", "U.S.", "U.S.A.", "America"], ["American", "Americans"]),
    "UM": (None, [], []),
    "UY": (None, ["Oriental Republic of Uruguay"], ["Uruguayan", "Uruguayans"]),
    "UZ": (None, ["Republic of Uzbekistan", "Uzbek SSR"], ["Uzbekistani", "Uzbek", "Uzbeks"]),
    "VU": (None, ["New Hebrides"], ["Ni-Vanuatu"]),
    "VE": ("Venezuela", ["Bolivarian Republic of Venezuela"], ["Venezuelan", "Venezuelans"]),
    "VN": ("Vietnam", ["Viet Nam", "Socialist Republic of Vietnam", "North Vietnam", "Democratic Republic of Vietnam"],
           ["Vietnamese", "North Vietnamese"]),
    "VG": ("British Virgin Islands", [], []),
    "VI": ("United States Virgin Islands", ["U.S. Virgin Islands"], []),
    "WF": (None, [], []),
    "EH": (None, ["Sahrawi Arab Democratic Republic", "Spanish Sahara"], ["Sahrawi", "Sahrawis"]),
    "YE": (None, ["Republic of Yemen", "Yemen Arab Republic", "North Yemen", "Mutawakkilite Kingdom of Yemen"], ["Yemeni", "Yemenis"]),
    "ZM": (None, ["Republic of Zambia", "Northern Rhodesia"], ["Zambian", "Zambians"]),
    "ZW": (None, ["Republic of Zimbabwe"], ["Zimbabwean", "Zimbabweans"]),
}

# States that no present-day country continues under the same demonym, and places with a state
# of their own that ISO 3166 does not list: code, name, other names, demonyms.
HISTORICAL = [
    # Codes ISO 3166 reserves for the state itself.
    ("SU", "Soviet Union", ["USSR", "Union of Soviet Socialist Republics", "Soviet Russia"], ["Soviet", "Soviets"]),
    ("YU", "Yugoslavia", ["Kingdom of Yugoslavia", "Kingdom of Serbs, Croats and Slovenes", "Democratic Federal Yugoslavia",
                          "Socialist Federal Republic of Yugoslavia", "SFR Yugoslavia", "Federal Republic of Yugoslavia",
                          "FR Yugoslavia", "Serbia and Montenegro"], ["Yugoslav", "Yugoslavs", "Yugoslavian"]),
    ("CS", "Czechoslovakia", ["Czechoslovak Republic", "Czechoslovak Socialist Republic", "Czech and Slovak Federative Republic",
                              "Czechoslovak government-in-exile", "Czechoslovakia (exile)"], ["Czechoslovak", "Czechoslovaks", "Czechoslovakian"]),
    ("DD", "East Germany", ["German Democratic Republic", "GDR"], ["East German", "East Germans"]),
    ("YD", "South Yemen", ["People's Democratic Republic of Yemen", "Federation of South Arabia"], ["South Yemeni", "South Yemenis"]),
    ("RH", "Rhodesia", ["Southern Rhodesia", "Republic of Rhodesia", "Zimbabwe Rhodesia"], ["Rhodesian", "Rhodesians"]),
    # Codes from the user-assigned ranges, chosen here.
    ("QO", "Ottoman Empire", ["Ottoman Turkey", "Sublime Ottoman State"], ["Ottoman", "Ottomans"]),
    ("XA", "Austria-Hungary", ["Austro-Hungarian Empire", "Austro-Hungarian Monarchy", "Dual Monarchy"], ["Austro-Hungarian", "Austro-Hungarians"]),
    ("XP", "Prussia", ["Kingdom of Prussia", "Free State of Prussia"], ["Prussian", "Prussians"]),
    ("XV", "South Vietnam", ["Republic of Vietnam", "State of Vietnam"], ["South Vietnamese"]),
    ("XB", "Biafra", ["Republic of Biafra"], ["Biafran", "Biafrans"]),
    ("XM", "Manchukuo", ["Manchoukuo", "Empire of Manchukuo"], []),
    ("XT", "Tibet", ["Tibet (1912–1951)"], ["Tibetan", "Tibetans"]),
    ("XQ", "Mandatory Palestine", ["British Mandate for Palestine", "Mandate Palestine"], []),
    ("XF", "Orange Free State", [], []),
    ("XZ", "South African Republic", ["Transvaal", "Transvaal Republic", "ZAR"], []),
    ("XW", "Free City of Danzig", ["Danzig"], ["Danziger", "Danzigers"]),
    ("XR", "Republika Srpska", ["Republic of Srpska"], ["Bosnian Serb", "Bosnian Serbs"]),
    ("XH", "Herzeg-Bosnia", ["Croatian Republic of Herzeg-Bosnia"], ["Bosnian Croat", "Bosnian Croats"]),
    ("XJ", "Republic of Serbian Krajina", ["Serbian Krajina", "RSK"], ["Krajina Serb", "Krajina Serbs"]),
    # States that exist but that ISO 3166 does not list.
    ("XK", "Kosovo", ["Republic of Kosovo"], ["Kosovar", "Kosovars"]),
    ("XC", "Northern Cyprus", ["Turkish Republic of Northern Cyprus", "TRNC"], ["Turkish Cypriot", "Turkish Cypriots"]),
    ("XG", "Abkhazia", ["Republic of Abkhazia"], ["Abkhaz", "Abkhazian", "Abkhazians"]),
    ("XO", "South Ossetia", ["Republic of South Ossetia"], ["South Ossetian", "South Ossetians"]),
    ("XN", "Transnistria", ["Pridnestrovian Moldavian Republic", "Pridnestrovie"], ["Transnistrian", "Transnistrians"]),
    ("XE", "Artsakh", ["Republic of Artsakh", "Nagorno-Karabakh Republic"], []),
    ("XS", "Somaliland", ["Republic of Somaliland", "British Somaliland"], ["Somalilander", "Somalilanders"]),
    ("XD", "Donetsk People's Republic", ["DPR", "DNR"], []),
    ("XL", "Luhansk People's Republic", ["LPR", "LNR", "Lugansk People's Republic"], []),
]

ARTICLES = {"al", "el", "ar", "as", "ash", "ad", "at", "az", "an", "the"}
FOLD = str.maketrans("ḥṣṭḍẓ", "hstdz")


def name_key(name):
    """annals' loose key for a name (crates/annals-resolve/src/names.rs): lower case, no
    diacritics, apostrophes or punctuation, no leading-article words."""
    s = unicodedata.normalize("NFKD", name.lower().translate(FOLD))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['’‘ʿʾ`]", "", s)
    return "".join(w for w in re.split(r"[^0-9a-zß-ÿ]+", s) if w and w not in ARTICLES)


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items):
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def main():
    rows = []
    known = {c.alpha_2 for c in pycountry.countries}
    missing = known - PRESENT.keys()
    extra = PRESENT.keys() - known
    if missing or extra:
        sys.exit(f"the table and pycountry disagree: missing {sorted(missing)}, unknown {sorted(extra)}")
    # The names written in the table, whoever they belong to: an ISO name that one of them gives
    # to another country (ISO's "Congo" is the Republic of the Congo; the table gives it to the
    # larger one) is not added.
    written = {name_key(n) for v in PRESENT.values() for n in [v[0] or "", *v[1]] if n}
    for c in pycountry.countries:
        name, aliases, demonyms = PRESENT[c.alpha_2]
        iso_names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)]
        name = name or c.name
        mine = {name_key(n) for n in [name, *aliases]}
        # ISO's inverted forms ("Korea, Republic of") are not how articles write names.
        more = []
        for n in iso_names:
            if not n or "," in n or name_key(n) in mine or (name_key(n) in written):
                continue
            more.append(n)
            mine.add(name_key(n))
        rows.append((name, c.alpha_2, aliases + more, demonyms))
    for code, name, aliases, demonyms in HISTORICAL:
        if code in known:
            sys.exit(f"{code} is a current ISO 3166 code")
        rows.append((name, code, aliases, demonyms))
    owners = {}
    clashes = []
    for name, code, aliases, demonyms in rows:
        for n in [name, code, *aliases, *demonyms]:
            k = name_key(n)
            if not k:
                continue
            if k in owners and owners[k] != name:
                clashes.append(f"{n!r}: {owners[k]} and {name}")
            owners.setdefault(k, name)
    if clashes:
        sys.exit("names shared by two countries:\n  " + "\n  ".join(clashes))
    rows.sort(key=lambda r: name_key(r[0]))
    out = [
        "# The countries of the world, past and present, with the names and demonyms articles give them.",
        "# A conflict outside every theatre reads \"German troops\" or \"the Italians\" through this file.",
        "# Facts only: names, ISO 3166 codes and adjectives. Generated by tools/countries.py (which says",
        "# how earlier states are told apart and which codes the historical ones have): edit the script",
        "# and run it again rather than editing this file.",
    ]
    for name, code, aliases, demonyms in rows:
        out += ["", "[[country]]", f"name = {toml_str(name)}", f"code = {toml_str(code)}"]
        out.append(f"aliases = {toml_list(aliases)}")
        out.append(f"demonyms = {toml_list(demonyms)}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
