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
  <xsl:include href="home.xsl"/>
  <xsl:include href="lists.xsl"/>
  <xsl:include href="forms.xsl"/>
  <xsl:include href="money.xsl"/>
  <xsl:include href="confirm.xsl"/>

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

  <!-- A value of an enumeration by its message value_<v>; one without a message is shown as it
       is and marked, so a test finds it. -->
  <xsl:template name="value-label">
    <xsl:param name="v"/>
    <xsl:variable name="labelled"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('value_', $v)"/></xsl:call-template></xsl:variable>
    <xsl:choose>
      <xsl:when test="$labelled = concat('value_', $v)"><span data-unlabelled="{$v}"><xsl:value-of select="$v"/></span></xsl:when>
      <xsl:otherwise><xsl:value-of select="$labelled"/></xsl:otherwise>
    </xsl:choose>
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
            <!-- Keyboard and screen-reader users go past the header and menu (issue 20). -->
            <a class="skip-link" id="skip-link" href="#content"><xsl:call-template name="label"><xsl:with-param name="name" select="'skip_to_content'"/></xsl:call-template></a>
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
                <!-- Something the reply asks the caller to see to, with the function that does
                     it (an invoice's seller without a company name). -->
                <xsl:for-each select="doc/advice">
                  <p class="notice advice" role="status" id="advice-{@key}">
                    <xsl:call-template name="label"><xsl:with-param name="name" select="concat('advice_', @key)"/></xsl:call-template>
                    <xsl:text> </xsl:text>
                    <a href="{$panel}?func={@func}"><xsl:call-template name="label"><xsl:with-param name="name" select="concat('advice_', @key, '_link')"/></xsl:call-template></a>
                  </p>
                </xsl:for-each>
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
          <a href="/docs/api-reference.html" id="api-reference">API</a>
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
            <!-- The code is asked for, not an error; a wrong code is (issue 20). -->
            <xsl:choose>
              <xsl:when test="error/@object = 'totp_required'">
                <p class="notice" role="status" id="totp-prompt"><xsl:call-template name="label"><xsl:with-param name="name" select="'totp_prompt'"/></xsl:call-template></p>
              </xsl:when>
              <xsl:otherwise><xsl:call-template name="error-box"/></xsl:otherwise>
            </xsl:choose>
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
        <!-- New resellers sign up with the host, never on a reseller's branded domain. -->
        <xsl:if test="not($brand/@key)"><p class="signup"><a id="signup" href="{$panel}?func=signup&amp;lang={@lang}"><xsl:call-template name="label"><xsl:with-param name="name" select="'signup_link'"/></xsl:call-template></a></p></xsl:if>
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
