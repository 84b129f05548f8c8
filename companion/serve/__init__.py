"""`companion serve`: the companion in a web browser (textual-serve's page and
protocol, with our own server: see session.py for why).

access.py   who gets in: the token in every URL, loopback unless --allow-remote
server.py   the aiohttp server: the page, the websocket, the page's files
session.py  one app process per tab, and its certain end
driver.py   the app's side: Textual's web driver, ending when its page is gone
child.py    the app process's entry point
"""
