<?xml version="1.0" encoding="UTF-8"?>
<!-- The browser panel: one <page> (built by plugin/web/panel.cpp) in, one HTML document out.
     <page kind func list lang>
       <session login account level csrf [must_change_password]><chain><step/>...</chain></session>
       <mainmenu><node name title><node name title/>...</node>...</mainmenu>
       <metadata name type key>... (the function's list or form metadata, from xml/)</metadata>
       <metadata name="F.filter">... (a list's filter form)</metadata>
       <toolbtn/> (the toolbar button that asked for the function, if any)
       <msgs><msg name>label</msg>...</msgs>   later ones win
       <doc>... (the function's reply)</doc>
       <params><name>value</name>...</params>  (the request, secrets left out)
       <values><v name>value</v>...</values>   (a rejected form's submitted values)
       <error type object>...</error>          (what went wrong, shown in place)
     Every value is text output by the XSLT processor, so it is escaped; nothing is copied as
     markup. State changes are POST forms that carry the session's CSRF token. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:str="http://exslt.org/strings" extension-element-prefixes="str">
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>
  <xsl:include href="money.xsl"/>

  <xsl:key name="msg" match="/page/msgs/msg" use="@name"/>
  <xsl:variable name="page" select="/page"/>
  <xsl:variable name="func" select="/page/@func"/>
  <xsl:variable name="csrf" select="/page/session/@csrf"/>
  <xsl:variable name="panel" select="'ispmgr'"/>
  <!-- The brand the page wears (a reseller's white label), or the product's own name. -->
  <xsl:variable name="brand" select="/page/brand"/>
  <xsl:variable name="brand-name">
    <xsl:choose>
      <xsl:when test="string($brand/@name) != ''"><xsl:value-of select="$brand/@name"/></xsl:when>
      <xsl:otherwise>resellermgr</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- A label from the messages, or the name itself. -->
  <xsl:template name="label">
    <xsl:param name="name"/>
    <!-- key() searches the context node's document: make it the page (str:tokenize yields
         nodes of another one). -->
    <xsl:for-each select="$page">
      <xsl:variable name="found" select="key('msg', $name)"/>
      <xsl:choose>
        <xsl:when test="$found"><xsl:value-of select="$found[last()]"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The brand's logo (when it has one) and name. -->
  <xsl:template name="brand-mark">
    <xsl:if test="$brand/@logo = 'yes'"><img class="logo" id="brand-logo" alt="" src="{$panel}?func=brand.logo&amp;elid={$brand/@key}"/></xsl:if>
    <xsl:value-of select="$brand-name"/>
  </xsl:template>

  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{$csrf}"/>
  </xsl:template>

  <!-- The list's current view (sorting, page size, its filter form's fields) as "&k=v" pairs
       for links. -->
  <xsl:template name="keep">
    <xsl:param name="except"/>
    <xsl:variable name="filter" select="/page/metadata[@name = concat($func, '.filter')]//field/@name"/>
    <xsl:for-each select="/page/params/*[contains('|p_sort|p_order|p_cnt|owner|', concat('|', name(), '|')) or name() = $filter]">
      <xsl:if test="not(contains($except, concat('|', name(), '|')))">
        <xsl:value-of select="concat('&amp;', name(), '=', str:encode-uri(string(.), true()))"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="/page">
    <html lang="{@lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:call-template name="title"/>
          <xsl:value-of select="concat(' · ', $brand-name)"/>
        </title>
        <xsl:choose>
          <xsl:when test="$brand/@favicon = 'yes'"><link rel="icon" href="{$panel}?func=brand.favicon&amp;elid={$brand/@key}"/></xsl:when>
          <xsl:otherwise><link rel="icon" href="data:,"/></xsl:otherwise>
        </xsl:choose>
        <link rel="stylesheet" href="/assets/panel.css"/>
        <xsl:if test="$brand/@colours = 'yes'"><link rel="stylesheet" id="brand-css" href="{$panel}?func=brand.css&amp;elid={$brand/@key}"/></xsl:if>
        <script src="/assets/panel.js" defer="defer"></script>
      </head>
      <body class="kind-{@kind}">
        <xsl:choose>
          <xsl:when test="@kind = 'login'"><xsl:call-template name="login"/></xsl:when>
          <!-- Someone not logged in (a forgotten password): the page alone, as the login is. -->
          <xsl:when test="not(session)">
            <main class="login" id="content">
              <div class="card guest">
                <p class="brand-line" id="brand"><xsl:call-template name="brand-mark"/></p>
                <xsl:choose>
                  <xsl:when test="@kind = 'form'"><xsl:call-template name="form"/></xsl:when>
                  <xsl:otherwise><xsl:call-template name="error-page"/></xsl:otherwise>
                </xsl:choose>
              </div>
            </main>
          </xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="header"/>
            <xsl:apply-templates select="session/chain"/>
            <div class="layout">
              <input type="checkbox" id="menu-toggle" class="menu-toggle" aria-hidden="true" tabindex="-1"/>
              <xsl:apply-templates select="mainmenu"/>
              <main id="content">
                <!-- What the change before this page did ("r1 created"); see Panel::Notice. -->
                <xsl:if test="notice">
                  <p class="notice done" role="status" id="notice"><xsl:value-of select="notice"/></p>
                </xsl:if>
                <xsl:choose>
                  <xsl:when test="@kind = 'home'"><xsl:call-template name="home"/></xsl:when>
                  <xsl:when test="@kind = 'list'"><xsl:call-template name="list"/></xsl:when>
                  <xsl:when test="@kind = 'form'"><xsl:call-template name="form"/></xsl:when>
                  <xsl:when test="@kind = 'confirm'"><xsl:call-template name="confirm"/></xsl:when>
                  <xsl:when test="@kind = 'data'"><xsl:call-template name="data"/></xsl:when>
                  <xsl:otherwise><xsl:call-template name="error-page"/></xsl:otherwise>
                </xsl:choose>
              </main>
            </div>
          </xsl:otherwise>
        </xsl:choose>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="title">
    <xsl:choose>
      <xsl:when test="@kind = 'login'"><xsl:call-template name="label"><xsl:with-param name="name" select="'login_title'"/></xsl:call-template></xsl:when>
      <xsl:when test="@kind = 'home'"><xsl:call-template name="label"><xsl:with-param name="name" select="'home_title'"/></xsl:call-template></xsl:when>
      <xsl:when test="@kind = 'confirm'"><xsl:call-template name="label"><xsl:with-param name="name" select="toolbtn/@name"/></xsl:call-template></xsl:when>
      <xsl:when test="key('msg', 'title')"><xsl:value-of select="key('msg', 'title')[last()]"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$func"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== chrome ===== -->
  <xsl:template name="header">
    <header class="top">
      <!-- On a phone the menu folds away; this label opens it (a checkbox: no script needed). -->
      <label for="menu-toggle" class="menu-button" id="menu-button"><xsl:call-template name="label"><xsl:with-param name="name" select="'menu'"/></xsl:call-template></label>
      <a class="brand" id="brand" href="{$panel}"><xsl:call-template name="brand-mark"/></a>
      <xsl:if test="session/@level &gt;= 24">
        <form method="get" action="{$panel}" class="inline search" role="search" id="search-form">
          <input type="hidden" name="func" value="search"/>
          <input type="search" name="q" id="search-q" maxlength="64" value="{params/q}">
            <xsl:attribute name="placeholder"><xsl:call-template name="label"><xsl:with-param name="name" select="'search'"/></xsl:call-template></xsl:attribute>
            <xsl:attribute name="aria-label"><xsl:call-template name="label"><xsl:with-param name="name" select="'search'"/></xsl:call-template></xsl:attribute>
          </input>
        </form>
      </xsl:if>
      <div class="who">
        <span class="login" id="current-login"><xsl:value-of select="session/@login"/></span>
        <xsl:if test="session/chain">
          <span class="as"> → <xsl:value-of select="session/@account"/></span>
        </xsl:if>
      </div>
      <nav class="tools">
        <xsl:if test="not(session/chain)">
          <form method="post" action="{$panel}" class="inline lang-switch">
            <input type="hidden" name="func" value="usrparam"/>
            <input type="hidden" name="sok" value="ok"/>
            <xsl:call-template name="csrf"/>
            <button type="submit" name="lang" value="en" class="link{substring(' current', 1, 8 * (@lang = 'en'))}">EN</button>
            <button type="submit" name="lang" value="ru" class="link{substring(' current', 1, 8 * (@lang = 'ru'))}">RU</button>
          </form>
        </xsl:if>
        <a href="{$panel}?func=usrparam">
          <xsl:call-template name="label"><xsl:with-param name="name" select="'settings'"/></xsl:call-template>
        </a>
        <xsl:if test="session/@level &gt;= 24">
          <a href="/docs/api-reference.md" id="api-reference">API</a>
        </xsl:if>
        <form method="post" action="{$panel}" class="inline">
          <input type="hidden" name="func" value="session.delete"/>
          <xsl:call-template name="csrf"/>
          <button type="submit" class="link" id="logout">
            <xsl:call-template name="label"><xsl:with-param name="name" select="'logout'"/></xsl:call-template>
          </button>
        </form>
      </nav>
    </header>
  </xsl:template>

  <!-- Under su: whom the real login acts as, the whole chain, and the way back. -->
  <xsl:template match="chain">
    <div class="su-banner" role="status" id="su-banner">
      <span>
        <xsl:call-template name="label"><xsl:with-param name="name" select="'acting_as'"/></xsl:call-template>
        <xsl:text> </xsl:text>
        <strong><xsl:value-of select="../@account"/></strong>
      </span>
      <ol class="chain">
        <xsl:for-each select="step"><li><xsl:value-of select="."/></li></xsl:for-each>
      </ol>
      <form method="post" action="{$panel}" class="inline">
        <input type="hidden" name="func" value="su.back"/>
        <xsl:call-template name="csrf"/>
        <button type="submit" id="su-back">
          <xsl:call-template name="label"><xsl:with-param name="name" select="'su_back'"/></xsl:call-template>
        </button>
      </form>
    </div>
  </xsl:template>

  <xsl:template match="mainmenu">
    <nav class="menu" aria-label="menu">
      <xsl:for-each select="node">
        <h2><xsl:value-of select="@title"/></h2>
        <ul>
          <xsl:for-each select="node">
            <li>
              <a href="{$panel}?func={@name}" id="menu-{translate(@name, '.', '-')}">
                <xsl:if test="@name = $func or @name = $page/@list"><xsl:attribute name="class">active</xsl:attribute></xsl:if>
                <xsl:value-of select="@title"/>
                <xsl:if test="@count"><xsl:text> </xsl:text><span class="badge" id="menu-count-{@name}"><xsl:value-of select="@count"/></span></xsl:if>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:for-each>
    </nav>
  </xsl:template>

  <xsl:template name="error-box">
    <xsl:param name="error" select="/page/error"/>
    <xsl:if test="$error">
      <div class="error-box" role="alert" id="error" data-type="{$error/@type}" data-object="{$error/@object}">
        <strong><xsl:value-of select="$error/msg"/></strong>
        <xsl:if test="string($error/detail) != string($error/msg)">
          <div class="detail"><xsl:value-of select="$error/detail"/></div>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- ===== login ===== -->
  <xsl:template name="login">
    <main class="login">
      <xsl:choose>
        <xsl:when test="login/@challenge">
          <!-- The password was right; the second factor comes on its own page. -->
          <form method="post" action="{$panel}" class="card" id="totp-form">
            <h1 id="brand"><xsl:call-template name="brand-mark"/></h1>
            <xsl:call-template name="error-box"/>
            <input type="hidden" name="func" value="auth"/>
            <input type="hidden" name="lang" value="{@lang}"/>
            <input type="hidden" name="login_token" value="{login/@token}"/>
            <input type="hidden" name="challenge" value="{login/@challenge}"/>
            <label for="totp"><xsl:call-template name="label"><xsl:with-param name="name" select="'totp'"/></xsl:call-template></label>
            <input type="text" id="totp" name="totp" autocomplete="one-time-code" inputmode="numeric" required="required" autofocus="autofocus" maxlength="32"/>
            <button type="submit" class="primary"><xsl:call-template name="label"><xsl:with-param name="name" select="'login'"/></xsl:call-template></button>
          </form>
        </xsl:when>
        <xsl:otherwise><xsl:call-template name="password-login"/></xsl:otherwise>
      </xsl:choose>
    </main>
  </xsl:template>

  <xsl:template name="password-login">
      <form method="post" action="{$panel}" class="card" id="login-form">
        <h1 id="brand"><xsl:call-template name="brand-mark"/></h1>
        <xsl:if test="notice"><p class="notice done" role="status" id="notice"><xsl:value-of select="notice"/></p></xsl:if>
        <xsl:call-template name="error-box"/>
        <input type="hidden" name="func" value="auth"/>
        <input type="hidden" name="lang" value="{@lang}"/>
        <input type="hidden" name="login_token" value="{login/@token}"/>
        <label for="username"><xsl:call-template name="label"><xsl:with-param name="name" select="'username'"/></xsl:call-template></label>
        <input type="text" id="username" name="username" autocomplete="username" required="required" autofocus="autofocus" maxlength="64" value="{params/username}"/>
        <label for="password"><xsl:call-template name="label"><xsl:with-param name="name" select="'password'"/></xsl:call-template></label>
        <input type="password" id="password" name="password" autocomplete="current-password" required="required" maxlength="128"/>
        <button type="submit" class="primary"><xsl:call-template name="label"><xsl:with-param name="name" select="'login'"/></xsl:call-template></button>
        <p class="langs"><a href="{$panel}?lang=en">English</a> · <a href="{$panel}?lang=ru">Русский</a></p>
        <p class="forgot"><a id="forgot" href="{$panel}?func=password.reset&amp;lang={@lang}"><xsl:call-template name="label"><xsl:with-param name="name" select="'forgot'"/></xsl:call-template></a></p>
      </form>
  </xsl:template>

  <!-- ===== home: the main menu as cards ===== -->
  <xsl:template name="home">
    <h1><xsl:call-template name="label"><xsl:with-param name="name" select="'home_title'"/></xsl:call-template></h1>
    <p class="welcome">
      <xsl:call-template name="label"><xsl:with-param name="name" select="'logged_in_as'"/></xsl:call-template>
      <xsl:text> </xsl:text><strong><xsl:value-of select="session/@account"/></strong>
    </p>
    <!-- The dashboard: each number links to the list it counts. -->
    <xsl:if test="doc/accounts or doc/tickets">
      <div class="cards dashboard" id="dashboard">
        <xsl:for-each select="doc/accounts[@level = 24 or @level = 16]">
          <xsl:variable name="list" select="substring('reselleruser', 1 + 8 * (@level = 16), 8 - 4 * (@level = 16))"/>
          <section class="card" id="dash-{$list}">
            <h2><xsl:call-template name="label"><xsl:with-param name="name" select="concat($list, 's')"/></xsl:call-template></h2>
            <p>
              <a class="count" href="{$panel}?func={$list}&amp;status=" id="dash-{$list}-total"><xsl:value-of select="@total"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'total'"/></xsl:call-template>
              · <a href="{$panel}?func={$list}&amp;status=suspended" id="dash-{$list}-suspended"><xsl:value-of select="@suspended"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'suspended'"/></xsl:call-template>
              · <a href="{$panel}?func={$list}&amp;status=overlimit" id="dash-{$list}-overlimit"><xsl:value-of select="@overlimit"/></a>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'overlimit'"/></xsl:call-template>
            </p>
          </section>
        </xsl:for-each>
        <xsl:if test="doc/money">
          <section class="card" id="dash-money">
            <h2><a href="{$panel}?func=wallet"><xsl:call-template name="label"><xsl:with-param name="name" select="'money'"/></xsl:call-template></a></h2>
            <p><span class="count" id="dash-money-balance"><xsl:value-of select="doc/money/@balance"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'balance'"/></xsl:call-template></p>
            <p><span id="dash-money-available"><xsl:value-of select="doc/money/@available"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'available'"/></xsl:call-template>
              · <span id="dash-money-today"><xsl:value-of select="doc/money/@charged_today"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'charged_today'"/></xsl:call-template>
              · <span id="dash-money-month"><xsl:value-of select="doc/money/@charged_month"/></span>
              <xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'charged_month'"/></xsl:call-template></p>
          </section>
        </xsl:if>
        <xsl:for-each select="doc/support">
          <section class="card" id="dash-support">
            <h2><xsl:call-template name="label"><xsl:with-param name="name" select="'support'"/></xsl:call-template></h2>
            <xsl:if test="@email != ''"><p id="dash-support-email"><xsl:value-of select="@email"/></p></xsl:if>
            <xsl:if test="@phone != ''"><p id="dash-support-phone"><xsl:value-of select="@phone"/></p></xsl:if>
            <p class="links">
              <xsl:for-each select="@docs | @status | @client_area">
                <xsl:if test="starts-with(., 'https://') or starts-with(., 'http://')">
                  <a href="{.}" id="dash-support-{name()}" rel="noopener noreferrer"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('support_', name())"/></xsl:call-template></a>
                  <xsl:text> </xsl:text>
                </xsl:if>
              </xsl:for-each>
            </p>
          </section>
        </xsl:for-each>
        <section class="card" id="dash-tickets">
          <h2><xsl:call-template name="label"><xsl:with-param name="name" select="'tickets'"/></xsl:call-template></h2>
          <p><a class="count" href="{$panel}?func=ticket" id="dash-tickets-open"><xsl:value-of select="doc/tickets/@open"/></a></p>
        </section>
      </div>
      <xsl:if test="doc/limit">
        <table class="list limits" id="dash-limits">
          <caption><xsl:call-template name="label"><xsl:with-param name="name" select="'limits'"/></xsl:call-template></caption>
          <thead><tr>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'limit'"/></xsl:call-template></th>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'yours'"/></xsl:call-template></th>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'given'"/></xsl:call-template></th>
            <th><xsl:call-template name="label"><xsl:with-param name="name" select="'used'"/></xsl:call-template></th>
          </tr></thead>
          <tbody>
            <xsl:for-each select="doc/limit">
              <tr data-limit="{@name}">
                <td><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></td>
                <td>
                  <xsl:choose>
                    <xsl:when test="string(@limit) != ''"><xsl:value-of select="@limit"/></xsl:when>
                    <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="name" select="'unlimited'"/></xsl:call-template></xsl:otherwise>
                  </xsl:choose>
                </td>
                <td><xsl:value-of select="@allocated"/></td>
                <td><xsl:value-of select="@used"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:if>
    </xsl:if>
    <div class="cards">
      <xsl:for-each select="mainmenu/node">
        <section class="card">
          <h2><xsl:value-of select="@title"/></h2>
          <ul>
            <xsl:for-each select="node">
              <li><a href="{$panel}?func={@name}"><xsl:value-of select="@title"/></a></li>
            </xsl:for-each>
          </ul>
        </section>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- ===== lists ===== -->
  <xsl:template name="list">
    <xsl:variable name="meta" select="metadata[@name = $func]"/>
    <xsl:variable name="key" select="$meta/@key"/>
    <xsl:variable name="toolbar" select="$meta/toolbar/toolbtn"/>
    <h1><xsl:call-template name="title"/></h1>
    <xsl:call-template name="error-box"/>
    <xsl:apply-templates select="metadata[@name = concat($func, '.filter')]" mode="filter"/>
    <!-- A list with a chart (report): the picture is drawn on the server, an SVG image. -->
    <xsl:if test="$meta/@chart and not(error) and not(/page/params/period)">
      <img class="chart" id="chart" alt="">
        <xsl:attribute name="src">
          <xsl:value-of select="concat($panel, '?func=', $meta/@chart)"/>
          <xsl:for-each select="/page/params/elid"><xsl:value-of select="concat('&amp;elid=', str:encode-uri(string(.), true()))"/></xsl:for-each>
        </xsl:attribute>
      </img>
    </xsl:if>

    <form method="post" action="{$panel}" id="list-form">
      <xsl:call-template name="csrf"/>
      <xsl:if test="$toolbar">
        <div class="toolbar" role="toolbar">
          <!-- The list's filter is the form above it: no second way to it in the toolbar. -->
          <xsl:for-each select="$toolbar[not(substring(@func, string-length(@func) - 6) = '.filter')]">
            <xsl:variable name="text"><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></xsl:variable>
            <xsl:choose>
              <xsl:when test="@type = 'new'">
                <a class="button" href="{$panel}?func={@func}" id="tb-{@name}"><xsl:value-of select="$text"/></a>
              </xsl:when>
              <!-- A view of the same rows (a CSV of a report): the list's own elid and period. -->
              <xsl:when test="@type = 'view'">
                <a class="button" id="tb-{@name}">
                  <xsl:attribute name="href">
                    <xsl:value-of select="concat($panel, '?func=', @func)"/>
                    <xsl:for-each select="/page/params/elid | /page/params/period">
                      <xsl:value-of select="concat('&amp;', name(), '=', str:encode-uri(string(.), true()))"/>
                    </xsl:for-each>
                  </xsl:attribute>
                  <xsl:value-of select="$text"/>
                </a>
              </xsl:when>
              <xsl:otherwise>
                <button type="submit" name="func" value="{@func}" id="tb-{@name}" data-type="{@type}">
                  <xsl:if test="@confirm = 'yes'"><xsl:attribute name="class">danger</xsl:attribute></xsl:if>
                  <xsl:value-of select="$text"/>
                </button>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </div>
      </xsl:if>
      <div class="table-wrap">
      <table class="list" id="list">
        <thead>
          <tr>
            <xsl:if test="$toolbar">
              <th class="select"><input type="checkbox" class="select-all" hidden="hidden" aria-label="all"/></th>
            </xsl:if>
            <xsl:for-each select="$meta/coldata/col">
              <xsl:variable name="sorted" select="/page/doc/p_sort = @name"/>
              <xsl:variable name="order">
                <xsl:choose>
                  <xsl:when test="$sorted and /page/doc/p_order = 'asc'">desc</xsl:when>
                  <xsl:otherwise>asc</xsl:otherwise>
                </xsl:choose>
              </xsl:variable>
              <th class="col-{@type}">
                <xsl:choose>
                  <xsl:when test="/page/doc/p_sort">
                    <a>
                      <xsl:attribute name="href">
                        <xsl:value-of select="concat($panel, '?func=', $func, '&amp;p_sort=', @name, '&amp;p_order=', $order)"/>
                        <xsl:call-template name="keep"><xsl:with-param name="except" select="'|p_sort|p_order|'"/></xsl:call-template>
                      </xsl:attribute>
                      <xsl:if test="$sorted"><xsl:attribute name="class">sorted <xsl:value-of select="/page/doc/p_order"/></xsl:attribute></xsl:if>
                      <xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template>
                    </a>
                  </xsl:when>
                  <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></xsl:otherwise>
                </xsl:choose>
              </th>
            </xsl:for-each>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="doc/elem">
            <xsl:variable name="row" select="."/>
            <xsl:variable name="id" select="string(*[name() = $key])"/>
            <tr data-key="{$id}">
              <xsl:if test="disabled"><xsl:attribute name="class">suspended</xsl:attribute></xsl:if>
              <xsl:if test="$toolbar">
                <td class="select"><input type="checkbox" name="elid" value="{$id}" aria-label="{$id}"/></td>
              </xsl:if>
              <xsl:for-each select="$meta/coldata/col">
                <xsl:variable name="cell" select="$row/*[name() = current()/@name]"/>
                <td class="col-{@type}" data-col="{@name}">
                  <xsl:choose>
                    <xsl:when test="@type = 'indicator'"><xsl:call-template name="indicator"><xsl:with-param name="cell" select="$cell"/></xsl:call-template></xsl:when>
                    <xsl:when test="@type = 'prop'"><xsl:call-template name="prop"><xsl:with-param name="cell" select="$cell"/><xsl:with-param name="id" select="$id"/><xsl:with-param name="toolbar" select="$toolbar"/></xsl:call-template></xsl:when>
                    <xsl:when test="@labels = 'yes'">
                      <!-- value_<v> names the value in the page's language; else the value. -->
                      <xsl:variable name="labelled"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('value_', $cell)"/></xsl:call-template></xsl:variable>
                      <xsl:choose>
                        <xsl:when test="$labelled = concat('value_', $cell)"><xsl:value-of select="$cell"/></xsl:when>
                        <xsl:otherwise><span title="{$cell}"><xsl:value-of select="$labelled"/></span></xsl:otherwise>
                      </xsl:choose>
                    </xsl:when>
                    <xsl:when test="@name = $key and $toolbar[@default = 'yes']">
                      <a href="{$panel}?func={$toolbar[@default = 'yes']/@func}&amp;elid={str:encode-uri($id, true())}"><xsl:value-of select="$cell"/></a>
                    </xsl:when>
                    <xsl:otherwise><xsl:value-of select="$cell"/></xsl:otherwise>
                  </xsl:choose>
                </td>
              </xsl:for-each>
            </tr>
          </xsl:for-each>
          <xsl:if test="not(doc/elem)">
            <tr class="empty"><td colspan="{count($meta/coldata/col) + 1}"><xsl:call-template name="label"><xsl:with-param name="name" select="'no_rows'"/></xsl:call-template></td></tr>
          </xsl:if>
        </tbody>
      </table>
      </div>
    </form>
    <!-- The on/off toggles post through these (a row's button names its key). -->
    <xsl:for-each select="$toolbar[@img = 't-off' or @img = 't-on']">
      <form method="post" action="{$panel}" id="toggle-{@img}" class="hidden-form">
        <input type="hidden" name="func" value="{@func}"/>
        <xsl:call-template name="csrf"/>
      </form>
    </xsl:for-each>
    <xsl:call-template name="pager"/>
    <!-- The same rows for a spreadsheet (out=csv), with the list's sorting and filter. -->
    <p class="export">
      <a id="export-csv">
        <xsl:attribute name="href">
          <xsl:value-of select="concat($panel, '?func=', $func, '&amp;out=csv&amp;p_cnt=1000')"/>
          <xsl:call-template name="keep"><xsl:with-param name="except" select="'|p_cnt|'"/></xsl:call-template>
          <xsl:for-each select="/page/params/elid"><xsl:value-of select="concat('&amp;elid=', str:encode-uri(string(.), true()))"/></xsl:for-each>
        </xsl:attribute>
        <xsl:call-template name="label"><xsl:with-param name="name" select="'export_csv'"/></xsl:call-template>
      </a>
    </p>
  </xsl:template>

  <!-- A size in MiB as people read it: 512 MiB, 1.5 GiB, 2 TiB. -->
  <xsl:template name="mib">
    <xsl:param name="v"/>
    <xsl:choose>
      <xsl:when test="number($v) &gt;= 1048576"><xsl:value-of select="format-number($v div 1048576, '0.##')"/> TiB</xsl:when>
      <xsl:when test="number($v) &gt;= 1024"><xsl:value-of select="format-number($v div 1024, '0.##')"/> GiB</xsl:when>
      <xsl:otherwise><xsl:value-of select="$v"/> MiB</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="indicator">
    <xsl:param name="cell"/>
    <xsl:variable name="over" select="string($cell/@limit) != '' and number($cell/@used) &gt; number($cell/@limit)"/>
    <xsl:if test="string($cell/@limit) != '' and number($cell/@limit) &gt; 0">
      <meter min="0" max="{$cell/@limit}" value="{$cell/@used}" high="{$cell/@limit * 0.9}" optimum="0">
        <xsl:if test="$over"><xsl:attribute name="class">over</xsl:attribute></xsl:if>
        <xsl:value-of select="$cell"/>
      </meter>
    </xsl:if>
    <xsl:choose>
      <!-- Disk and traffic in the units people read (the API keeps MiB: it is in the title). -->
      <xsl:when test="(name($cell) = 'quota' or name($cell) = 'traffic') and $cell/@used">
        <span class="usage" title="{$cell} MiB">
          <xsl:call-template name="mib"><xsl:with-param name="v" select="$cell/@used"/></xsl:call-template>
          <xsl:text> / </xsl:text>
          <xsl:choose>
            <xsl:when test="string($cell/@limit) != ''"><xsl:call-template name="mib"><xsl:with-param name="v" select="$cell/@limit"/></xsl:call-template></xsl:when>
            <xsl:when test="string($cell/@owner_limit) != ''">≤ <xsl:call-template name="mib"><xsl:with-param name="v" select="$cell/@owner_limit"/></xsl:call-template></xsl:when>
            <xsl:otherwise>∞</xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:when>
      <xsl:otherwise><span class="usage"><xsl:value-of select="$cell"/></span></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$over">
      <span class="badge over"><xsl:call-template name="label"><xsl:with-param name="name" select="'over_limit'"/></xsl:call-template></span>
    </xsl:if>
    <!-- No limit of its own: bounded by what its owner has (owner_limit). -->
    <xsl:if test="$cell/@owner_limit">
      <small class="bound"><xsl:call-template name="label"><xsl:with-param name="name" select="'up_to_owner'"/></xsl:call-template></small>
    </xsl:if>
  </xsl:template>

  <xsl:template name="prop">
    <xsl:param name="cell"/>
    <xsl:param name="id"/>
    <xsl:param name="toolbar"/>
    <xsl:variable name="on" select="string($cell) = 'on'"/>
    <xsl:variable name="turn" select="$toolbar[($on and @img = 't-off') or (not($on) and @img = 't-on')]"/>
    <!-- value_<v> labels the value; a value without one is shown as it is. -->
    <xsl:variable name="labelled"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('value_', $cell)"/></xsl:call-template></xsl:variable>
    <xsl:variable name="text">
      <xsl:choose>
        <xsl:when test="$labelled = concat('value_', $cell)"><xsl:value-of select="$cell"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="$labelled"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="$turn and (string($cell) = 'on' or string($cell) = 'off')">
        <button type="submit" form="toggle-{$turn/@img}" name="elid" value="{$id}" class="toggle {$cell}" id="toggle-{$id}">
          <xsl:attribute name="title"><xsl:call-template name="label"><xsl:with-param name="name" select="$turn/@name"/></xsl:call-template></xsl:attribute>
          <xsl:value-of select="$text"/>
        </button>
      </xsl:when>
      <xsl:otherwise><span class="badge {$cell}"><xsl:value-of select="$text"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pager">
    <xsl:variable name="total" select="number(doc/p_elems)"/>
    <xsl:variable name="count" select="number(doc/p_cnt)"/>
    <xsl:variable name="num" select="number(doc/p_num)"/>
    <xsl:if test="doc/p_elems and $count &gt; 0">
      <xsl:variable name="pages" select="ceiling($total div $count)"/>
      <nav class="pager" aria-label="pages">
        <xsl:if test="$num &gt; 1">
          <a rel="prev">
            <xsl:attribute name="href">
              <xsl:value-of select="concat($panel, '?func=', $func, '&amp;p_num=', $num - 1)"/>
              <xsl:call-template name="keep"/>
            </xsl:attribute>
            <xsl:text>← </xsl:text>
            <xsl:call-template name="label"><xsl:with-param name="name" select="'prev'"/></xsl:call-template>
          </a>
        </xsl:if>
        <span class="position">
          <xsl:value-of select="($num - 1) * $count + number($total &gt; 0)"/>–<xsl:value-of select="(($num * $count &gt; $total) * $total) + (($num * $count &lt;= $total) * $num * $count)"/>
          <xsl:text> </xsl:text>
          <xsl:call-template name="label"><xsl:with-param name="name" select="'of'"/></xsl:call-template>
          <xsl:text> </xsl:text>
          <span id="total"><xsl:value-of select="$total"/></span>
        </span>
        <xsl:if test="$num &lt; $pages">
          <a rel="next">
            <xsl:attribute name="href">
              <xsl:value-of select="concat($panel, '?func=', $func, '&amp;p_num=', $num + 1)"/>
              <xsl:call-template name="keep"/>
            </xsl:attribute>
            <xsl:call-template name="label"><xsl:with-param name="name" select="'next'"/></xsl:call-template>
            <xsl:text> →</xsl:text>
          </a>
        </xsl:if>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- A list's filter (<list>.filter metadata) as a GET form: nothing changes, so no token. -->
  <xsl:template match="metadata" mode="filter">
    <form method="get" action="{$panel}" class="filter" id="filter-form">
      <input type="hidden" name="func" value="{$func}"/>
      <xsl:for-each select="form//field">
        <xsl:variable name="control" select="*[1]"/>
        <label>
          <span><xsl:call-template name="label"><xsl:with-param name="name" select="concat('filter_', @name)"/></xsl:call-template></span>
          <xsl:choose>
            <xsl:when test="local-name($control) = 'select'">
              <select name="{@name}">
                <xsl:call-template name="options">
                  <xsl:with-param name="name" select="@name"/>
                  <xsl:with-param name="control" select="$control"/>
                  <xsl:with-param name="value" select="string(/page/params/*[name() = current()/@name])"/>
                </xsl:call-template>
              </select>
            </xsl:when>
            <xsl:otherwise>
              <input type="text" name="{@name}" value="{/page/params/*[name() = current()/@name]}" maxlength="{$control/@maxlength}"/>
            </xsl:otherwise>
          </xsl:choose>
        </label>
      </xsl:for-each>
      <button type="submit"><xsl:call-template name="label"><xsl:with-param name="name" select="'apply_filter'"/></xsl:call-template></button>
      <!-- Empty fields override a filter saved with <list>.filter. -->
      <a id="filter-reset">
        <xsl:attribute name="href">
          <xsl:value-of select="concat($panel, '?func=', $func)"/>
          <xsl:for-each select="form//field"><xsl:value-of select="concat('&amp;', @name, '=')"/></xsl:for-each>
        </xsl:attribute>
        <xsl:call-template name="label"><xsl:with-param name="name" select="'reset_filter'"/></xsl:call-template>
      </a>
    </form>
  </xsl:template>

  <!-- ===== forms ===== -->
  <xsl:template name="form">
    <xsl:variable name="meta" select="metadata[@name = $func]"/>
    <xsl:variable name="pages" select="$meta/form/page"/>
    <xsl:variable name="fields" select="$meta/form//field"/>
    <!-- "New reseller" / "Edit reseller: r1" where the form has those words, else its title. -->
    <xsl:variable name="editing" select="string(doc/elid) != ''"/>
    <xsl:variable name="heading" select="key('msg', substring('title_newtitle_edit', 1 + 9 * $editing, 9 + $editing))"/>
    <xsl:call-template name="crumbs"/>
    <h1 id="form-title">
      <xsl:choose>
        <xsl:when test="$heading"><xsl:value-of select="$heading[last()]"/></xsl:when>
        <xsl:otherwise><xsl:call-template name="title"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$editing">: <xsl:value-of select="doc/elid"/></xsl:if>
    </h1>
    <xsl:if test="session/@must_change_password and $func = 'usrparam'">
      <div class="notice" role="status" id="must-change">
        <xsl:call-template name="label"><xsl:with-param name="name" select="'must_change_password'"/></xsl:call-template>
      </div>
    </xsl:if>
    <!-- An error that names no field of the form goes above it. -->
    <xsl:if test="error and not($fields[@name = /page/error/@object])">
      <xsl:call-template name="error-box"/>
    </xsl:if>
    <xsl:apply-templates select="doc[message]" mode="thread"/>
    <xsl:apply-templates select="doc[issued]" mode="document"/>
    <!-- An account's form shows its usage over time, drawn on the server (an SVG image). -->
    <xsl:if test="$meta/@chart and $editing">
      <img class="chart" id="chart" alt="" src="{$panel}?func={$meta/@chart}&amp;elid={str:encode-uri(string(doc/elid), true())}"/>
    </xsl:if>
    <xsl:if test="not(doc/issued)">
    <form method="post" action="{$panel}" class="form" id="edit-form" novalidate="novalidate">
      <xsl:if test="$fields/*[@type = 'file']"><xsl:attribute name="enctype">multipart/form-data</xsl:attribute></xsl:if>
      <input type="hidden" name="func" value="{$func}"/>
      <input type="hidden" name="sok" value="ok"/>
      <xsl:call-template name="csrf"/>
      <xsl:if test="string(doc/elid) != ''"><input type="hidden" name="elid" value="{doc/elid}"/></xsl:if>
      <xsl:if test="count($pages) &gt; 1">
        <nav class="tabs" role="tablist">
          <xsl:for-each select="$pages">
            <a href="#page-{@name}" role="tab" data-page="page-{@name}">
              <xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template>
            </a>
          </xsl:for-each>
        </nav>
      </xsl:if>
      <xsl:for-each select="$pages">
        <fieldset class="page" id="page-{@name}">
          <legend><xsl:call-template name="label"><xsl:with-param name="name" select="@name"/></xsl:call-template></legend>
          <xsl:if test="key('msg', concat('hint_', @name))">
            <p class="hint page-hint"><xsl:value-of select="key('msg', concat('hint_', @name))[last()]"/></p>
          </xsl:if>
          <xsl:apply-templates select="field"/>
        </fieldset>
      </xsl:for-each>
      <div class="actions">
        <button type="submit" class="primary" id="submit"><xsl:call-template name="label"><xsl:with-param name="name" select="'ok'"/></xsl:call-template></button>
        <a class="button" href="{$panel}" id="cancel">
          <xsl:if test="string(/page/@list) != ''"><xsl:attribute name="href"><xsl:value-of select="concat($panel, '?func=', /page/@list)"/></xsl:attribute></xsl:if>
          <xsl:call-template name="label"><xsl:with-param name="name" select="'cancel'"/></xsl:call-template>
        </a>
      </div>
    </form>
    </xsl:if>
  </xsl:template>

  <!-- A hidden field (a money form's idempotency key): the value only, no label. -->
  <xsl:template match="field[*[1]/@type = 'hidden']" priority="2">
    <xsl:variable name="name" select="@name"/>
    <xsl:variable name="refill" select="/page/values/v[@name = $name]"/>
    <input type="hidden" id="f-{$name}" name="{$name}">
      <xsl:attribute name="value">
        <xsl:choose>
          <xsl:when test="$refill"><xsl:value-of select="$refill"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="/page/doc/*[name() = $name]"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
    </input>
  </xsl:template>

  <xsl:template match="field">
    <xsl:variable name="name" select="@name"/>
    <xsl:variable name="control" select="*[1]"/>
    <xsl:variable name="refill" select="/page/values/v[@name = $name]"/>
    <xsl:variable name="value">
      <xsl:choose>
        <xsl:when test="/page/values"><xsl:value-of select="$refill"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="/page/doc/*[name() = $name]"/></xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:variable name="failed" select="/page/error[@object = $name]"/>
    <xsl:variable name="editing" select="string(/page/doc/elid) != ''"/>
    <div class="field" id="field-{$name}">
      <xsl:if test="$failed"><xsl:attribute name="class">field error</xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$control/@type = 'checkbox'">
          <input type="hidden" name="{$name}" value="off"/>
          <label class="check">
            <input type="checkbox" id="f-{$name}" name="{$name}" value="on">
              <xsl:if test="$value = 'on'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <xsl:text> </xsl:text>
            <xsl:call-template name="label"><xsl:with-param name="name" select="$name"/></xsl:call-template>
          </label>
        </xsl:when>
        <xsl:otherwise>
          <label for="f-{$name}">
            <xsl:call-template name="label"><xsl:with-param name="name" select="$name"/></xsl:call-template>
            <xsl:if test="$control/@required = 'yes' and not($editing and $name = 'name')"><span class="required" aria-hidden="true"> *</span></xsl:if>
          </label>
          <xsl:choose>
            <xsl:when test="local-name($control) = 'img'">
              <!-- Only an image the reply made (a QR code), never a URL from elsewhere. -->
              <xsl:if test="starts-with($value, 'data:image/svg+xml;base64,')">
                <img id="f-{$name}" class="qr" src="{$value}" alt=""/>
              </xsl:if>
            </xsl:when>
            <xsl:when test="local-name($control) = 'textarea'">
              <textarea id="f-{$name}" name="{$name}" rows="5" maxlength="{$control/@maxlength}"><xsl:value-of select="$value"/></textarea>
            </xsl:when>
            <xsl:when test="local-name($control) = 'select'">
              <select id="f-{$name}" name="{$name}">
                <xsl:call-template name="options">
                  <xsl:with-param name="name" select="$name"/>
                  <xsl:with-param name="control" select="$control"/>
                  <xsl:with-param name="value" select="string($value)"/>
                </xsl:call-template>
              </select>
            </xsl:when>
            <xsl:when test="$control/@type = 'file'">
              <input type="file" id="f-{$name}" name="{$name}" accept="{$control/@accept}"/>
            </xsl:when>
            <xsl:when test="$control/@type = 'password'">
              <input type="password" id="f-{$name}" name="{$name}" autocomplete="new-password" maxlength="{$control/@maxlength}"/>
            </xsl:when>
            <xsl:otherwise>
              <input type="text" id="f-{$name}" name="{$name}" value="{$value}" maxlength="{$control/@maxlength}">
                <xsl:if test="$control/@check = 'int'"><xsl:attribute name="inputmode">numeric</xsl:attribute></xsl:if>
                <xsl:if test="$control/@check = 'email'"><xsl:attribute name="type">email</xsl:attribute></xsl:if>
                <xsl:if test="$control/@readonly = 'yes'"><xsl:attribute name="readonly">readonly</xsl:attribute></xsl:if>
                <xsl:if test="$control/@required = 'yes'">
                  <xsl:choose>
                    <xsl:when test="$editing and $name = 'name'"><xsl:attribute name="readonly">readonly</xsl:attribute></xsl:when>
                    <xsl:otherwise><xsl:attribute name="required">required</xsl:attribute></xsl:otherwise>
                  </xsl:choose>
                </xsl:if>
              </input>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:otherwise>
      </xsl:choose>
      <!-- A hint of its own when editing ("leave empty to keep the password"), else the field's. -->
      <xsl:variable name="hint" select="key('msg', concat('hint_', $name, substring('_edit', 1, 5 * $editing)))"/>
      <xsl:choose>
        <xsl:when test="$hint"><small class="hint"><xsl:value-of select="$hint[last()]"/></small></xsl:when>
        <xsl:when test="key('msg', concat('hint_', $name))">
          <small class="hint"><xsl:value-of select="key('msg', concat('hint_', $name))[last()]"/></small>
        </xsl:when>
      </xsl:choose>
      <!-- What the owner's pool still has for this limit, before the form is sent. -->
      <xsl:for-each select="/page/doc/pool[@name = $name]">
        <small class="hint pool" id="pool-{$name}">
          <xsl:value-of select="@left"/><xsl:text> </xsl:text>
          <xsl:call-template name="label"><xsl:with-param name="name" select="'left_of'"/></xsl:call-template>
          <xsl:text> </xsl:text><xsl:value-of select="@limit"/>
        </small>
      </xsl:for-each>
      <xsl:if test="$failed">
        <div class="field-error" role="alert" id="error-{$name}">
          <xsl:value-of select="$failed/msg"/>
          <xsl:if test="string($failed/detail) != string($failed/msg)">: <xsl:value-of select="$failed/detail"/></xsl:if>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- Options: the reply's <slist name> (dynamic), else the metadata's <option key> (static). -->
  <xsl:template name="options">
    <xsl:param name="name"/>
    <xsl:param name="control"/>
    <xsl:param name="value"/>
    <xsl:variable name="slist" select="/page/doc/slist[@name = $name]/msg"/>
    <xsl:choose>
      <xsl:when test="$slist">
        <xsl:for-each select="$slist">
          <option value="{@key}">
            <xsl:if test="string(@key) = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <!-- A template's limits, for the script that fills the form when it is chosen. -->
            <xsl:if test="@limits"><xsl:attribute name="data-limits"><xsl:value-of select="@limits"/></xsl:attribute></xsl:if>
            <xsl:choose>
              <xsl:when test="key('msg', concat($name, '_', @key))"><xsl:value-of select="key('msg', concat($name, '_', @key))[last()]"/></xsl:when>
              <xsl:when test="string(.) = ''">—</xsl:when>
              <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
            </xsl:choose>
          </option>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$control/option">
          <option value="{@key}">
            <xsl:if test="string(@key) = $value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:call-template name="label"><xsl:with-param name="name" select="concat($name, '_', @key)"/></xsl:call-template>
          </option>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A ticket's thread above its answer form. -->
  <xsl:template match="doc" mode="thread">
    <section class="thread" id="thread">
      <p class="meta"><xsl:value-of select="subject"/> · <xsl:value-of select="status"/> · <xsl:value-of select="priority"/></p>
      <xsl:for-each select="message">
        <article class="message">
          <header><strong><xsl:value-of select="author"/></strong>
            <xsl:if test="string(as) != string(author)"> (<xsl:value-of select="as"/>)</xsl:if>
            <time><xsl:value-of select="time"/></time></header>
          <div class="text"><xsl:value-of select="text"/></div>
        </article>
      </xsl:for-each>
    </section>
  </xsl:template>

  <!-- Where a form or a confirmation belongs: its list, one click back (the list's messages come
       first in msgs, so the first "title" is the list's). -->
  <xsl:template name="crumbs">
    <xsl:if test="string(/page/@list) != '' and /page/@list != $func and key('msg', 'title')">
      <nav class="crumbs" aria-label="breadcrumb">
        <a href="{$panel}?func={/page/@list}" id="crumb-list"><xsl:value-of select="key('msg', 'title')[1]"/></a>
        <xsl:text> ›</xsl:text>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- ===== confirmation of a toolbar action marked confirm="yes" ===== -->
  <xsl:template name="confirm">
    <xsl:call-template name="crumbs"/>
    <h1><xsl:call-template name="title"/></h1>
    <form method="post" action="{$panel}" class="confirm card" id="confirm-form">
      <xsl:variable name="question" select="concat('confirm_', toolbtn/@name)"/>
      <p>
        <xsl:choose>
          <xsl:when test="key('msg', $question)"><xsl:value-of select="key('msg', $question)[last()]"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="label"><xsl:with-param name="name" select="'confirm_question'"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </p>
      <!-- The targets, with what the action reaches beyond them (a reseller's users), when the
           page has their rows. -->
      <xsl:variable name="rows" select="doc/elem"/>
      <ul class="targets">
        <xsl:for-each select="str:split(params/elid, ', ')">
          <xsl:variable name="target" select="string(.)"/>
          <xsl:variable name="users" select="$rows[name = $target]/users/@used"/>
          <li>
            <xsl:value-of select="$target"/>
            <xsl:if test="number($users) &gt; 0">
              <span class="reach"> — <xsl:value-of select="$users"/><xsl:text> </xsl:text><xsl:call-template name="label"><xsl:with-param name="name" select="'users_word'"/></xsl:call-template></span>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
      <xsl:if test="$rows/users[@used &gt; 0]">
        <p class="reach-note" id="reach-note">
          <xsl:call-template name="label"><xsl:with-param name="name" select="concat('reach_', toolbtn/@name)"/></xsl:call-template>
        </p>
      </xsl:if>
      <xsl:if test="toolbtn/@reason = 'yes'">
        <label for="f-reason"><xsl:call-template name="label"><xsl:with-param name="name" select="'reason'"/></xsl:call-template></label>
        <input type="text" id="f-reason" name="reason" maxlength="255"/>
      </xsl:if>
      <input type="hidden" name="func" value="{$func}"/>
      <input type="hidden" name="elid" value="{params/elid}"/>
      <input type="hidden" name="sok" value="ok"/>
      <xsl:call-template name="csrf"/>
      <xsl:for-each select="str:tokenize(toolbtn/@options, ' ')">
        <input type="hidden" name="{.}" value="off"/>
        <label class="check"><input type="checkbox" name="{.}" value="on" id="f-{.}"/><xsl:text> </xsl:text>
          <xsl:call-template name="label"><xsl:with-param name="name" select="concat('option_', .)"/></xsl:call-template></label>
      </xsl:for-each>
      <div class="actions">
        <button type="submit" class="danger" id="confirm-yes"><xsl:call-template name="label"><xsl:with-param name="name" select="'yes'"/></xsl:call-template></button>
        <a class="button" href="{$panel}?func={/page/@list}"><xsl:call-template name="label"><xsl:with-param name="name" select="'cancel'"/></xsl:call-template></a>
      </div>
    </form>
  </xsl:template>

  <!-- ===== anything else: the reply as name/value pairs ===== -->
  <xsl:template name="data">
    <h1><xsl:call-template name="title"/></h1>
    <!-- A secret shown once (a new token, recovery codes): say so above it. -->
    <xsl:if test="doc/once">
      <div class="notice once" role="status" id="once"><xsl:call-template name="label"><xsl:with-param name="name" select="'once'"/></xsl:call-template></div>
    </xsl:if>
    <dl class="data">
      <xsl:for-each select="doc/*[not(self::ok) and not(self::once) and not(self::tparams)]">
        <dt><xsl:call-template name="label"><xsl:with-param name="name" select="name()"/></xsl:call-template></dt>
        <dd id="data-{name()}">
          <xsl:choose>
            <xsl:when test="*"><ul><xsl:for-each select="*"><li><code><xsl:value-of select="."/></code></li></xsl:for-each></ul></xsl:when>
            <xsl:otherwise><code><xsl:value-of select="."/></code></xsl:otherwise>
          </xsl:choose>
        </dd>
      </xsl:for-each>
    </dl>
    <p><a href="{$panel}" class="button"><xsl:call-template name="label"><xsl:with-param name="name" select="'continue'"/></xsl:call-template></a></p>
  </xsl:template>

  <xsl:template name="error-page">
    <h1><xsl:call-template name="label"><xsl:with-param name="name" select="'error_title'"/></xsl:call-template></h1>
    <xsl:call-template name="error-box"/>
    <p><a href="{$panel}"><xsl:call-template name="label"><xsl:with-param name="name" select="'home_title'"/></xsl:call-template></a></p>
  </xsl:template>
</xsl:stylesheet>
