"""Every word list the engine reads, in one place: data, not code.

Why: the lists (stop words, everyday names for WhatsApp, negations, the words that
put a text in the messaging domain...) are what a person tunes when a text in a new
language or slang is misread; keeping them apart from the code that uses them means
tuning never touches the scoring. The code derives stems from them at import.
Languages: English, Spanish and Portuguese, without accents (texts are folded first).
"""

from __future__ import annotations

from typing import Dict, FrozenSet, Tuple

# ---------------------------------------------------------------- text normalisation (diagnosis.text)

# Words too common to say anything about a cause (en/es/pt). Kept small on purpose:
# words like "not", "no", "nao" stay, they matter ("not on whatsapp").
STOPWORDS: FrozenSet[str] = frozenset(
    """
    a an the to of in on at for from by with and or is are was were be been being it its this that
    these those i we you he she they my our your their me us them as if so do does did have has had
    will would can could should just than then there here also please pls hi hello
    el la los las un una unos unas de del al en y o u que es son fue por para con se lo le les mi mis
    su sus tu tus nos me te este esta estos estas eso esa ese hay ha han he pero como mas muy ya
    os as um uma uns umas do da dos das no na nos nas em e ou ao aos foi sao com pelo pela meu minha
    seu sua isso esse essa este esta tem ter ja mas
    some several various varios varias vario varia algunos algunas alguns algumas
    but however though tho because cause since while until about into again very really even any through thru
    he she him his her hers they it its who whom which what when where why how
    get gets got getting go goes went going make makes made let lets want wants wanted need needs
    try tried trying won wont keep kept put say says said tell told
    pero porque cuando donde quien algo alguien todo toda todas muy aun tambien le ella ellos ellas
    nosotros usted ustedes esto aquel hace hacer tengo tienen estar estan estoy ser
    ele ela eles elas voce voces isto aquilo tudo todo toda todas algo alguem porem tambem ainda pra pro
    ta estao sao
    """.split()
) - {"no"}  # "no", "nao", "not", "nos" are meaningful negations in es/pt/en: "no" is kept

# Everyday names for WhatsApp (pt-BR "zap", es "wasap", chat shorthand "wpp").
SYNONYMS: Dict[str, str] = {
    w: "whatsapp"
    for w in "zap zapzap zapp wpp wsp wapp wasap wassap wasa guasap watsap watsapp whatsap whatapp whats".split()
}

# Endings of English, Spanish and Portuguese words, longest first (the stemmer cuts one).
STEM_SUFFIXES: Tuple[str, ...] = tuple(
    sorted(
        """amento imento acoes acao ciones cion sion mente ados adas idos idas ando endo indo aram eram iram
        aron ieron aste amos emos imos ado ada ido ida ar ou eu iu ed ing es s a o e""".split(),
        key=len,
        reverse=True,
    )
)

# 6-letter starts shared by words that mean different things; these keep a 7th letter:
# desactivar / desactualizado, desconectado / desconocido, experiencia / experimento,
# mantener / mantenimiento.
FALSE_FRIENDS: FrozenSet[str] = frozenset(("desact", "descon", "experi", "manten"))

# ---------------------------------------------------------------- word scoring (diagnosis.classifier.word_scores)

# Negations: a blocking word after one of these does not count ("they did not block us").
NEGATORS: FrozenSet[str] = frozenset(
    "no not nao never nunca sin sem without didn didnt don dont doesn doesnt isn isnt wasn wasnt "
    "aren arent weren werent haven hasn nor ni nem jamais jamas".split()
)

# ---------------------------------------------------------------- code lookup (diagnosis.classifier.codes)

# The words every Graph API error says; an error's own text saying more than these
# has details that can decide a code whose meaning depends on them.
GENERIC_ERROR_WORDS: FrozenSet[str] = frozenset(
    """invalid parameter parameters value valid not error code oauthexception type whatsapp messaging
    product fbtrace id message title details error_data graph api http status failed""".split()
)

# ---------------------------------------------------------------- focus (diagnosis.classifier.focus)

# Where in a long log to look: windows around these (the strong ones first).
FOCUS_STRONG: Tuple[str, ...] = (
    "error",
    "fail",
    "falh",
    "erro",
    "code",
    "codigo",
    "código",
    "undeliver",
    "#",
    "reason",
)
FOCUS_WORDS: Tuple[str, ...] = (
    "error",
    "fail",
    "falh",
    "fall",
    "code",
    "codigo",
    "código",
    "erro",
    "reason",
    "motivo",
    "details",
    "status",
    "undeliver",
    "block",
    "bloque",
    "limit",
    "template",
    "plantilla",
    "modelo",
    "token",
    "window",
    "ventana",
    "janela",
    "deliver",
    "entreg",
    "tick",
    "check",
    "#",
    "whatsapp",
    "spam",
)

# ---------------------------------------------------------------- evidence gate (diagnosis.classifier.gate)

# Words that put a text in the messaging domain (a failed WhatsApp message, its API,
# its customers). Without any of them, a lone cause word is probably about something
# else: "what is your refund policy", "can I pay with a credit card?". WhatsApp Web libraries
# and helpdesks (Baileys, wppconnect, Chatwoot...) have no error table of their own: their
# names say the text is about WhatsApp messages.
DOMAIN_WORDS = """
whatsapp wa waba wamid meta facebook graph twilio gupshup 360dialog dialog jelou aisoule bsp
webhook webhooks api cloud message messages mensaje mensajes mensagem mensagens msg msgs
send sent sending sends enviar envio enviado enviada envia enviamos enviando envie envios
mandar mando mandamos manda mande mandei disparo disparos disparar disparamos
broadcast difusion blast campaign campaigns campana campanas campanha campanhas
template templates plantilla plantillas modelo modelos deliver delivered delivery undelivered
entrega entregar entregue entregado entregada recipient recipients destinatario destinatarios
customer customers client clients cliente clientes clienta contact contacts contacto contactos
contato contatos number numbers numero numeros phone telefono telefone celular chat chats bot
tick ticks check checks tilde promo promos marketing token oauth reply replies responder
respuesta resposta notification notificacion notificacao inbox agent agente atendente lead
leads sender remitente remetente optin opt conversation conversations conversacion conversaciones
conversa conversas reminder reminders recordatorio recordatorios lembrete lembretes aviso avisos
otp confirmation confirmacion confirmacao
reach reaches arrive arrives arrived llega llegan llego chega chegam chegou
media multimedia midia image images imagen imagenes imagem imagens photo photos foto fotos video
videos audio audios pdf document documento file files archivo archivos arquivo arquivos
attachment adjunto anexo link url sticker
baileys wppconnect whaticket waha venom chatwoot whatsmeow yowsup wwebjs izing ticketz unoapi
""".split()

# Words too common in any complaint to count as support for one cause.
GENERIC_WORDS = """
whatsapp wa message messages mensaje mensajes mensagem mensagens send sent sending enviar envio
enviado envia mandar manda mandamos fail failed fails failing falla fallan fallo falha falham
falhou error errors erro errores erros customer customers client cliente clientes clienta
user users usuario usuarios number numero phone today hoy hoje yesterday ayer ontem now ahora
agora work works working funciona problem problema help ayuda ajuda day dia time vez all todo
todos nothing nada every again still api app system sistema platform plataforma panel painel
dashboard says dice diz show shows aparece get got business empresa negocio company code
codigo status estado how what why when where which who can could como cual cuando donde porque
por quien onde quando qual quem only solo so apenas just also tambien tambem
""".split()

# ---------------------------------------------------------------- media sizes (diagnosis.facts, followup.media)

# Words that say a sticker is animated (its size limit is then the animated one).
ANIMATED_WORDS: Tuple[str, ...] = ("animated", "animado", "animada", "animate")

# A bare "k" or "m" after a number is a count in chat ("3k numbers", "about 3k failed",
# "2m users"); it is a size only before a file word ("an 800k image", "a 300k pdf").
FILE_WORDS: Tuple[str, ...] = (
    "file",
    "files",
    "image",
    "images",
    "img",
    "photo",
    "photos",
    "picture",
    "video",
    "videos",
    "audio",
    "audios",
    "pdf",
    "pdfs",
    "doc",
    "docs",
    "document",
    "documents",
    "sticker",
    "stickers",
    "mp4",
    "mp3",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "ogg",
    "archivo",
    "archivos",
    "arquivo",
    "arquivos",
    "imagen",
    "imagenes",
    "imagem",
    "imagens",
    "foto",
    "fotos",
    "documento",
    "documentos",
)
BARE_SIZE_NEEDS = r"(?=\s*(?:[a-z]+\s+)?(?:" + "|".join(FILE_WORDS) + r")\b)"

# Who a send goes to, counted ("to 3000 customers", "a 3.000 clientes", "8k ppl"), folded
# (no accents): read by the campaign report and by the failure scope's counts.
AUDIENCE_WORDS: Tuple[str, ...] = (
    "customers",
    "clients",
    "clientes",
    "contacts",
    "contactos",
    "contatos",
    "numbers",
    "numeros",
    "people",
    "ppl",
    "personas",
    "pessoas",
    "users",
    "usuarios",
    "recipients",
    "destinatarios",
    "leads",
)
